package org.printhub.it;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

/**
 * The IPP driver in the real runtime: activated by FileInstall from deploy/, its embedded IPP library and Kotlin
 * loading inside OSGi, a printer that is not there stopping the job with the reason, and a cancel that ends it.
 */
public class IppDeviceIT {
    @Test
    public void aJobForAnAbsentPrinterStopsWithTheReasonAndCancels() throws Exception {
        Path work = Files.createDirectories(PrinthubOptions.workDirectory("device-ipp"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Files.writeString(deploy.resolve("org.printhub.device.ipp-office.cfg"),
                "uri = ipp://127.0.0.1:" + port + "/ipp/print\nname = Office\n");
        Path document = Files.writeString(work.resolve("hello.txt"), "hello\n");
        try (PrinthubProcess server = PrinthubProcess.start(work, "printhub.defaults=false")) {
            server.await("the ipp device", 1, 60_000, l -> l.contains("device office (ipp) added"));
            // the device can register before the shell's commands do (the store opens while bundles start)
            server.awaitCommand("device:show office", "the console's commands", 30_000,
                    l -> l.contains("127.0.0.1:" + port + "/ipp/print"));
            server.command("job:submit " + document + " office");
            server.await("the job stopped with the reason", 1, 30_000, l -> l.contains(
                    "processing -> processing-stopped on office [printer-stopped,offline-report] cannot connect to 127.0.0.1:"
                            + port + ": connection refused"));
            server.command("job:cancel 1");
            server.await("the job canceled", 1, 30_000, l -> l.matches(".*job 1 .*-> canceled on office.*"));
            List<String> lines = server.lines();
            assertFalse("no stack trace", lines.stream().anyMatch(l -> l.startsWith("\tat ")));
            assertTrue(lines.stream().noneMatch(l -> l.contains("NoClassDefFoundError")));
        }
    }
}
