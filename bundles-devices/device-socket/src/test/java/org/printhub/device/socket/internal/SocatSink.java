package org.printhub.device.socket.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.printhub.device.testing.PeerProcesses;

/**
 * A real raw-port receiver: socat listening on 127.0.0.1, writing each connection to its own file in a directory
 * (as in the peers' start-peers.sh). Started on port 0, its bound port read from socat's own log line.
 */
final class SocatSink implements AutoCloseable {
    static final String SOCAT = "/usr/bin/socat";

    private final Path directory;
    private final Process process;
    private final int port;

    private SocatSink(Path directory, Process process, int port) {
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    /** @param port 0 for any free port */
    static SocatSink start(Path directory, int port) throws IOException {
        PeerProcesses.assumeInstalled("apt-get install socat", SOCAT);
        Files.createDirectories(directory);
        int[] bound = new int[1];
        Process process = PeerProcesses.socat(new ProcessBuilder(SOCAT, "-d", "-d", "-u",
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                "SYSTEM:cat > " + directory + "/job-$(date +%s%N)-$$.prn"), bound);
        return new SocatSink(directory, process, bound[0]);
    }

    int port() {
        return port;
    }

    /** The files received so far, oldest first. */
    List<Path> jobs() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".prn")).sorted().toList();
        }
    }

    /** Waits (bounded) for the {@code n}th connection's file to hold {@code size} bytes, and returns its bytes. */
    byte[] awaitJob(int n, long size) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<Path> jobs = jobs();
            if (jobs.size() >= n && Files.size(jobs.get(n - 1)) >= size) {
                Thread.sleep(100); // let a straggling write land, so a longer file shows as such
                return Files.readAllBytes(jobs.get(n - 1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("socat received no job " + n + " of " + size + " bytes; files: " + jobs());
    }

    /** Kills the listener and every connection it serves. */
    @Override
    public void close() {
        PeerProcesses.stop(process.toHandle());
    }
}
