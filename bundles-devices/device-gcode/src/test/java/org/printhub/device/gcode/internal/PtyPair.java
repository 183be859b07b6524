package org.printhub.device.gcode.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.printhub.device.testing.PeerProcesses;

/**
 * Two pseudo-terminals joined by socat, as a USB serial cable would join printer and host:
 * {@code socat pty,raw,echo=0,link=<dir>/printer pty,raw,echo=0,link=<dir>/host}. The simulator opens
 * {@link #printer()}, the driver {@link #host()} through jSerialComm.
 */
final class PtyPair implements AutoCloseable {
    static final String SOCAT = "/usr/bin/socat";

    private final Process socat;
    private final Path printer;
    private final Path host;

    private PtyPair(Process socat, Path printer, Path host) {
        this.socat = socat;
        this.printer = printer;
        this.host = host;
    }

    static PtyPair start(Path dir) throws IOException, InterruptedException {
        PeerProcesses.assumeInstalled("apt-get install socat", SOCAT);
        Path printer = dir.resolve("printer");
        Path host = dir.resolve("host");
        Process socat = new ProcessBuilder(SOCAT, "-d", "-d", "pty,raw,echo=0,link=" + printer,
                "pty,raw,echo=0,link=" + host).redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(printer) && Files.exists(host))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                PeerProcesses.stop(socat.toHandle());
                throw new IOException("socat made no pty pair: " + Files.readString(dir.resolve("socat.log")));
            }
            Thread.sleep(20);
        }
        return new PtyPair(socat, printer, host);
    }

    Path printer() {
        return printer;
    }

    Path host() {
        return host;
    }

    boolean isAlive() {
        return socat.isAlive();
    }

    @Override
    public void close() {
        PeerProcesses.stop(socat.toHandle());
    }
}
