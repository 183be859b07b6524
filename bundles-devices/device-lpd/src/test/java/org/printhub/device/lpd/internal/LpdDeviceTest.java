package org.printhub.device.lpd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.device.DeviceException;
import org.printhub.device.DeviceInfo;
import org.printhub.device.testing.Configs;
import org.printhub.device.testing.ScriptedTask;
import org.printhub.device.testing.TestThreads;

@Timeout(value = 40, unit = TimeUnit.SECONDS)
class LpdDeviceTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final TestThreads threads = new TestThreads();

    /** A device for queue accept on 127.0.0.1 with short timeouts, and the given settings over the defaults. */
    private static LpdDevice device(Object... settings) {
        Object[] all = Stream.concat(Stream.of("host", "127.0.0.1", "queue", "accept", "clientHost", "printhub-test",
                "connectTimeoutSeconds", 2, "ioTimeoutSeconds", 5), Arrays.stream(settings)).toArray();
        return new LpdDevice(Configs.of(Config.class, all), Map.of("device.id", "office"));
    }

    @Test
    void debianLpdReceivesTheDocumentByteForByteWithOurUserAndJobName() throws Exception {
        byte[] document = ScriptedTask.randomBytes(2 << 20, 1);
        try (DebianLpd lpd = DebianLpd.start(dir.resolve("lpd"), 0)) {
            ScriptedTask task = new ScriptedTask().document("q3.pdf", "application/pdf", document);

            device("port", lpd.port()).print(task);

            DebianLpd.Received received = lpd.awaitJob(1);
            assertArrayEquals(document, received.data());
            assertTrue(received.args().endsWith("-n alice -j Quarterly report -h printhub-test"), received.args());
            assertEquals("queued on lpd://127.0.0.1:" + lpd.port() + "/accept as cfA042printhub-test (2097152 bytes)",
                    task.lastMessage());
        }
    }

    @Test
    void debianLpdPrintsEveryDocumentAndCopy() throws Exception {
        byte[] one = "first document\n".getBytes(StandardCharsets.US_ASCII);
        byte[] two = ScriptedTask.randomBytes(70_000, 2);
        try (DebianLpd lpd = DebianLpd.start(dir.resolve("lpd"), 0)) {
            ScriptedTask task = new ScriptedTask().copies(2).document("a.txt", "text/plain", one)
                    .document("b.pcl", "application/vnd.hp-pcl", two);

            device("port", lpd.port()).print(task);

            List<byte[]> received = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                received.add(lpd.awaitJob(i).data());
            }
            assertArrayEquals(one, received.get(0));
            assertArrayEquals(one, received.get(1));
            assertArrayEquals(two, received.get(2));
            assertArrayEquals(two, received.get(3));
        }
    }

    @Test
    void debianLpdTakesTheControlFileFirstWhenConfigured() throws Exception {
        byte[] document = ScriptedTask.randomBytes(300_000, 6);
        try (DebianLpd lpd = DebianLpd.start(dir.resolve("lpd"), 0)) {
            device("port", lpd.port(), "controlFileFirst", true)
                    .print(new ScriptedTask().document("a.pcl", "application/vnd.hp-pcl", document));

            assertArrayEquals(document, lpd.awaitJob(1).data());
        }
    }

    @Test
    void aJobNameCannotAddLinesToTheControlFile() throws Exception {
        try (DebianLpd lpd = DebianLpd.start(dir.resolve("lpd"), 0)) {
            ScriptedTask task = new ScriptedTask().name("x\nPmallory\nJinjected").owner("bob smith\n")
                    .document("a.txt", "text/plain", "hello\n".getBytes(StandardCharsets.US_ASCII));

            device("port", lpd.port()).print(task);

            assertTrue(lpd.awaitJob(1).args().endsWith("-n bob_smith_ -j x Pmallory Jinjected -h printhub-test"),
                    lpd.awaitJob(1).args());
        }
    }

    @Test
    void cupsLpdReceivesTheDocumentByteForByteWithOurUserAndJobName() throws Exception {
        byte[] document = ScriptedTask.randomBytes(1 << 20, 3);
        try (CupsLpd cups = CupsLpd.start(dir.resolve("cups"))) {
            ScriptedTask task = new ScriptedTask().name("Budget 2027").owner("carol")
                    .document("budget.pdf", "application/pdf", document);

            device("port", cups.port()).print(task);

            CupsLpd.Received received = cups.awaitJob(1, document.length);
            assertArrayEquals(document, received.document());
            String attributes = new String(received.attributes(), StandardCharsets.ISO_8859_1);
            assertTrue(attributes.contains("carol"), "job-originating-user-name");
            assertTrue(attributes.contains("Budget 2027"), "job-name");
        }
    }

    @Test
    void aServerStoppedMidJobStopsItRetryablyAndItPrintsWhenTheServerReturns() throws Exception {
        byte[] document = ScriptedTask.randomBytes(6 << 20, 4);
        DebianLpd first = DebianLpd.start(dir.resolve("lpd"), 0);
        int port = first.port();
        ScriptedTask task = new ScriptedTask().document("big.pdf", "application/pdf", document);
        task.pauseAtByte = 1 << 20;
        LpdDevice device = device("port", port);
        Future<?> printing = threads.submit(() -> {
            device.print(task);
            return null;
        });
        try {
            assertTrue(task.paused.await(10, TimeUnit.SECONDS));
        } finally {
            first.close();
            task.resume.countDown();
        }

        ExecutionException e = assertThrows(ExecutionException.class, () -> printing.get(20, TimeUnit.SECONDS));
        DeviceException failure = (DeviceException) e.getCause();
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().startsWith("connection to 127.0.0.1:" + port + " lost after "),
                failure.getMessage());

        try (DebianLpd again = DebianLpd.start(dir.resolve("lpd"), port)) {
            device.print(new ScriptedTask().document("big.pdf", "application/pdf", document));
            assertArrayEquals(document, again.awaitJob(1).data());
            Thread.sleep(500);
            assertEquals(1, again.jobs().size(), "the broken attempt printed nothing");
        }
    }

    @Test
    void aCancelMidJobLeavesNothingAtTheServer() throws Exception {
        try (DebianLpd lpd = DebianLpd.start(dir.resolve("lpd"), 0)) {
            ScriptedTask task = new ScriptedTask().document("big.pdf", "application/pdf",
                    ScriptedTask.randomBytes(4 << 20, 5));
            task.pauseAtByte = 1 << 20;
            LpdDevice device = device("port", lpd.port());
            CompletableFuture<Thread> printer = new CompletableFuture<>();
            Future<?> printing = threads.submit(() -> {
                printer.complete(Thread.currentThread());
                device.print(task);
                return null;
            });
            assertTrue(task.paused.await(10, TimeUnit.SECONDS));
            printer.get().interrupt(); // as the core cancels

            ExecutionException e = assertThrows(ExecutionException.class, () -> printing.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof InterruptedException, e.getCause().toString());
            device.print(new ScriptedTask().document("next.txt", "text/plain", "next\n".getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals("next\n".getBytes(StandardCharsets.US_ASCII), lpd.awaitJob(1).data());
            Thread.sleep(500);
            assertEquals(1, lpd.jobs().size(), "the canceled job printed nothing");
        }
    }

    @Test
    void anUnknownQueueIsARetryableRefusalThatSaysSo() throws Exception {
        try (DebianLpd lpd = DebianLpd.start(dir.resolve("lpd"), 0)) {
            ScriptedTask task = new ScriptedTask().document("a.txt", "text/plain", new byte[10]);

            DeviceException e = assertThrows(DeviceException.class,
                    () -> device("port", lpd.port(), "queue", "nosuch").print(task));

            assertTrue(e.retryable());
            assertTrue(e.getMessage().startsWith("the LPD server refused queue 'nosuch'"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(lpd://127.0.0.1:" + lpd.port() + "/nosuch)"), e.getMessage());
        }
    }

    @Test
    void connectsFromAReservedPortWhenAsked() throws Exception {
        assertTrue(sourcePort("reserved") >= 721 && sourcePort("reserved") <= 731);
        assertTrue(sourcePort("any") > 1023);
    }

    @Test
    void fallsBackToAnyPortWhenNoReservedPortIsFreeUnlessTold() throws Exception {
        List<ServerSocket> taken = new ArrayList<>();
        try {
            for (int p = 721; p <= 731; p++) {
                try {
                    taken.add(new ServerSocket(p, 1, InetAddress.getLoopbackAddress()));
                } catch (IOException alreadyTaken) {
                    // by someone else: just as busy
                }
            }
            assertTrue(sourcePort("auto") > 1023);
            try (ScriptedLpdServer server = new ScriptedLpdServer()) {
                DeviceException e = assertThrows(DeviceException.class, () -> device("port", server.port(), "sourcePort", "reserved").print(oneDocument()));
                assertTrue(e.retryable());
                assertTrue(e.getMessage().startsWith("cannot connect to 127.0.0.1:" + server.port()
                        + ": no usable local port among 721-731"), e.getMessage());
            }
        } finally {
            for (ServerSocket s : taken) {
                s.close();
            }
        }
    }

    @Test
    void sendsDataFirstThenAControlFileNamingEveryFileAndCopy() throws Exception {
        try (ScriptedLpdServer server = new ScriptedLpdServer()) {
            Future<?> serving = threads.submit(() -> {
                server.serveOne();
                return null;
            });
            ScriptedTask task = new ScriptedTask().id(1234).copies(2).document("a.txt", "text/plain", new byte[3])
                    .document("", "text/plain", new byte[4]);

            device("port", server.port()).print(task);

            serving.get(5, TimeUnit.SECONDS);
            assertEquals("Hprinthub-test\nPalice\nJQuarterly report\n"
                    + "ldfA234printhub-test\nldfA234printhub-test\nUdfA234printhub-test\nNa.txt\n"
                    + "ldfB234printhub-test\nldfB234printhub-test\nUdfB234printhub-test\nNQuarterly report\n",
                    server.controlFile);
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<Socket> held = threads.submit(silent::accept);
            long start = System.nanoTime();

            DeviceException e = assertThrows(DeviceException.class,
                    () -> device("port", silent.getLocalPort(), "ioTimeoutSeconds", 1).print(oneDocument()));

            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10);
            assertTrue(e.retryable());
            assertEquals("timed-out", e.reason());
            assertTrue(e.getMessage().startsWith("waiting for an answer from 127.0.0.1:" + silent.getLocalPort() + " timed out after 1 s"),
                    e.getMessage());
            held.get(5, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void aSpoolFileThatDisagreesWithItsRecordAbortsTheJobAndPrintsNothing() throws Exception {
        try (DebianLpd lpd = DebianLpd.start(dir.resolve("lpd"), 0)) {
            ScriptedTask task = new ScriptedTask().document("a.txt", "text/plain", new byte[100], 50);

            DeviceException e = assertThrows(DeviceException.class,
                    () -> device("port", lpd.port()).print(task));

            assertFalse(e.retryable());
            assertEquals("document-access-error", e.reason());
            Thread.sleep(500);
            assertEquals(List.of(), lpd.jobs());
        }
    }

    @Test
    void nothingListeningIsARetryableConnectFailure() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        DeviceException e = assertThrows(DeviceException.class,
                () -> device("port", port, "sourcePort", "any").print(oneDocument()));

        assertTrue(e.retryable());
        assertEquals("connecting-to-device", e.reason());
    }

    @Test
    void describesItselfAndRefusesABadConfiguration() {
        DeviceInfo info = device("queue", "raw").info();
        assertEquals("lpd://127.0.0.1:515/raw", info.uri());
        assertEquals("lpd", info.driver());

        assertEquals("sourcePort must be auto, reserved or any, not 'sometimes'", assertThrows(
                IllegalArgumentException.class, () -> device("sourcePort", "sometimes")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> device("queue", "two words"));
        assertThrows(IllegalArgumentException.class, () -> device("queue", ""));
        assertThrows(IllegalArgumentException.class, () -> device("port", 0));
        assertThrows(IllegalArgumentException.class, () -> device("host", "lpd://printer/queue"));
    }

    @Test
    void cleansControlFileValues() {
        assertEquals("printer-3.example.com", ControlFile.hostName("printer-3.example.com"));
        assertEquals("a".repeat(31), ControlFile.hostName("a".repeat(40)));
        assertEquals("printhub", ControlFile.hostName("---"));
        assertEquals("printhub", ControlFile.userName(""));
        assertEquals("d_Artagnan", ControlFile.userName("d'Artagnan"));
        assertEquals("one two", ControlFile.line("one\r\ntwo\u0000", 99));
        assertEquals("é".repeat(49), ControlFile.line("é".repeat(60), 99));
    }

    private int sourcePort(String choice) throws Exception {
        try (ScriptedLpdServer server = new ScriptedLpdServer()) {
            Future<?> serving = threads.submit(() -> {
                server.serveOne();
                return null;
            });
            device("port", server.port(), "sourcePort", choice).print(oneDocument());
            serving.get(5, TimeUnit.SECONDS);
            return server.clientPort;
        }
    }

    private static ScriptedTask oneDocument() {
        return new ScriptedTask().document("a.txt", "text/plain", "hello\n".getBytes(StandardCharsets.US_ASCII));
    }
}
