package org.printhub.device.socket.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
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

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketDeviceTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final TestThreads threads = new TestThreads();

    /** A device on 127.0.0.1 with short timeouts, and the given settings (name-value pairs) over the defaults. */
    private static SocketDevice device(Object... settings) {
        Object[] all = Stream.concat(Stream.of("host", "127.0.0.1", "connectTimeoutSeconds", 2, "ioTimeoutSeconds", 2),
                Arrays.stream(settings)).toArray();
        return new SocketDevice(Configs.of(Config.class, all), Map.of("device.id", "office"));
    }

    @Test
    void sendsEveryDocumentByteForByteToSocat() throws Exception {
        byte[] one = ScriptedTask.randomBytes(3 << 20, 1);
        byte[] two = "%!PS\nshowpage\n".getBytes(StandardCharsets.US_ASCII);
        try (SocatSink socat = SocatSink.start(dir.resolve("raw"), 0)) {
            ScriptedTask task = new ScriptedTask().document("a.pdf", "application/pdf", one).document("b.ps", "application/postscript", two);

            device("port", socat.port()).print(task);

            byte[] received = socat.awaitJob(1, one.length + two.length);
            assertArrayEquals(concat(one, two), received);
            assertEquals(1, socat.jobs().size(), "one connection per job");
            assertEquals("sent " + (one.length + two.length) + " bytes to 127.0.0.1:" + socat.port(), task.lastMessage());
        }
    }

    @Test
    void wrapsTheJobInPjl() throws Exception {
        byte[] document = ScriptedTask.randomBytes(100_000, 2);
        try (SocatSink socat = SocatSink.start(dir.resolve("raw"), 0)) {
            ScriptedTask task = new ScriptedTask().id(7).name("Q3 \"final\"\r\n@PJL RESET").document("a.pcl", "application/vnd.hp-pcl", document);

            device("port", socat.port(), "pjl", true).print(task);

            String uel = "\u001b%-12345X";
            String name = "printhub 7 Q3 _final___@PJL RESET";
            byte[] expected = concat(
                    (uel + "@PJL\r\n@PJL JOB NAME=\"" + name + "\"\r\n").getBytes(StandardCharsets.US_ASCII), document,
                    (uel + "@PJL\r\n@PJL EOJ NAME=\"" + name + "\"\r\n" + uel).getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(expected, socat.awaitJob(1, expected.length));
        }
    }

    @Test
    void aPeerStoppedMidJobStopsItRetryablyAndItResumesWhenThePeerReturns() throws Exception {
        byte[] document = ScriptedTask.randomBytes(8 << 20, 3);
        SocatSink first = SocatSink.start(dir.resolve("first"), 0);
        int port = first.port();
        ScriptedTask task = new ScriptedTask().document("big.pdf", "application/pdf", document);
        task.pauseAtByte = 1 << 20;
        SocketDevice device = device("port", port);
        Future<?> printing = threads.submit(() -> {
            device.print(task);
            return null;
        });
        try {
            assertTrue(task.paused.await(10, TimeUnit.SECONDS));
            // The first megabyte can sit in loopback buffers before socat has forked the connection's child: a
            // child forked after close() took its snapshot of socat's processes would survive and print it all.
            first.awaitJob(1, 1);
            first.close();
        } finally {
            task.resume.countDown();
            first.close();
        }

        DeviceException e = deviceFailure(printing);
        assertTrue(e.retryable(), e.getMessage());
        assertEquals("offline-report", e.reason());
        assertTrue(e.getMessage().startsWith("connection to 127.0.0.1:" + port + " lost after "), e.getMessage());

        try (SocatSink again = SocatSink.start(dir.resolve("again"), port)) {
            device.print(new ScriptedTask().document("big.pdf", "application/pdf", document));
            assertArrayEquals(document, again.awaitJob(1, document.length));
        }
    }

    @Test
    void nothingListeningIsARetryableConnectFailure() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        ScriptedTask task = new ScriptedTask().document("a.pdf", "application/pdf", new byte[10]);

        DeviceException e = assertThrows(DeviceException.class, () -> device("port", port).print(task));

        assertTrue(e.retryable());
        assertEquals("connecting-to-device", e.reason());
        assertEquals("cannot connect to 127.0.0.1:" + port + ": Connection refused", e.getMessage());
    }

    @Test
    void aPeerThatNeverCompletesTheConnectionTimesOut() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // nobody accepts: once its backlog is full, the kernel drops further connection attempts unanswered
            List<java.nio.channels.SocketChannel> queued = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open();
                    c.configureBlocking(false);
                    c.connect(full.getLocalSocketAddress());
                    queued.add(c);
                }
                Thread.sleep(200);
                long start = System.nanoTime();

                DeviceException e = assertThrows(DeviceException.class,
                        () -> device("port", full.getLocalPort()).print(new ScriptedTask()
                                .document("a.pdf", "application/pdf", new byte[10])));

                assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 8);
                assertTrue(e.retryable());
                assertEquals("timed-out", e.reason());
                assertTrue(e.getMessage().startsWith("connecting to 127.0.0.1:" + full.getLocalPort()
                        + " timed out after 2 s"), e.getMessage());
            } finally {
                for (java.nio.channels.SocketChannel c : queued) {
                    c.close();
                }
            }
        }
    }

    @Test
    void anUnknownHostIsARetryableDnsFailure() {
        ScriptedTask task = new ScriptedTask().document("a.pdf", "application/pdf", new byte[10]);

        DeviceException e = assertThrows(DeviceException.class,
                () -> device("host", "printer.invalid").print(task));

        assertTrue(e.retryable());
        assertEquals("connecting-to-device", e.reason());
        assertEquals("cannot resolve host 'printer.invalid' (DNS)", e.getMessage());
    }

    @Test
    void aPeerThatStopsReadingTimesOutInsteadOfHoldingTheWorker() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096);
            server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CompletableFuture<Socket> held = CompletableFuture.supplyAsync(() -> accept(server), threads);
            ScriptedTask task = new ScriptedTask().document("big.pdf", "application/pdf", ScriptedTask.randomBytes(32 << 20, 4));

            long start = System.nanoTime();
            DeviceException e = assertThrows(DeviceException.class,
                    () -> device("port", server.getLocalPort(), "ioTimeoutSeconds", 1).print(task));

            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds < 10, "gave up after " + seconds + " s");
            assertTrue(e.retryable());
            assertEquals("timed-out", e.reason());
            assertTrue(e.getMessage().startsWith("sending to 127.0.0.1:" + server.getLocalPort() + " timed out after 1 s after "),
                    e.getMessage());
            held.get(5, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void aPrinterThatKeepsTheConnectionOpenStillGetsItsJobDone() throws Exception {
        byte[] document = ScriptedTask.randomBytes(500_000, 8);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<byte[]> printer = threads.submit(() -> {
                try (Socket s = server.accept()) {
                    byte[] all = s.getInputStream().readAllBytes(); // up to our half-close
                    Thread.sleep(3000); // and keeps its side open past the 1 s I/O timeout
                    return all;
                }
            });
            ScriptedTask task = new ScriptedTask().document("a.pdf", "application/pdf", document);

            device("port", server.getLocalPort(), "ioTimeoutSeconds", 1).print(task);

            assertArrayEquals(document, printer.get(10, TimeUnit.SECONDS));
            assertEquals("sent 500000 bytes to 127.0.0.1:" + server.getLocalPort(), task.lastMessage());
        }
    }

    @Test
    void aResetMidDocumentIsARetryableLostConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            threads.submit(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().readNBytes(200_000);
                    s.setSoLinger(true, 0); // close with RST
                }
                return null;
            });
            ScriptedTask task = new ScriptedTask().document("big.pdf", "application/pdf", ScriptedTask.randomBytes(16 << 20, 5));

            DeviceException e = assertThrows(DeviceException.class,
                    () -> device("port", server.getLocalPort()).print(task));

            assertTrue(e.retryable());
            assertEquals("offline-report", e.reason());
            assertTrue(e.getMessage().contains(" lost after "), e.getMessage());
        }
    }

    @Test
    void aCancelEndsAStalledSendAtOnce() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> held = CompletableFuture.supplyAsync(() -> accept(server), threads);
            ScriptedTask task = new ScriptedTask().document("big.pdf", "application/pdf", ScriptedTask.randomBytes(32 << 20, 6));
            SocketDevice device = device("port", server.getLocalPort(), "ioTimeoutSeconds", 60);
            CompletableFuture<Thread> printer = new CompletableFuture<>();
            Future<?> printing = threads.submit(() -> {
                printer.complete(Thread.currentThread());
                device.print(task);
                return null;
            });
            Thread.sleep(500); // let it fill the socket buffers and block
            printer.get().interrupt();

            ExecutionException e = assertThrows(ExecutionException.class, () -> printing.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof InterruptedException, e.getCause().toString());
            held.get(5, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void waitsForThePrintersPjlEndOfJobAndTakesItsPageCount() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<byte[]> printer = threads.submit(() -> pjlPrinter(server, true));
            byte[] document = ScriptedTask.randomBytes(300_000, 7);
            ScriptedTask task = new ScriptedTask().id(9).name("Report").document("r.pcl", "application/vnd.hp-pcl", document);

            device("port", server.getLocalPort(), "pjl", true, "waitForEndOfJob", true, "endOfJobTimeoutSeconds", 5).print(task);

            assertEquals(List.of(3), task.pages);
            assertTrue(task.lastMessage().endsWith("; the printer reported the end of the job"), task.lastMessage());
            String received = new String(printer.get(5, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
            assertTrue(received.startsWith("\u001b%-12345X@PJL\r\n@PJL USTATUS JOB=ON\r\n@PJL JOB NAME=\"printhub 9 Report\"\r\n"),
                    received.substring(0, 80));
        }
    }

    @Test
    void noEndOfJobEchoInTimeStopsTheJobRetryably() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            threads.submit(() -> pjlPrinter(server, false));
            ScriptedTask task = new ScriptedTask().document("r.pcl", "application/vnd.hp-pcl", new byte[1000]);

            DeviceException e = assertThrows(DeviceException.class,
                    () -> device("port", server.getLocalPort(), "pjl", true, "waitForEndOfJob", true, "endOfJobTimeoutSeconds", 1).print(task));

            assertTrue(e.retryable());
            assertEquals("timed-out", e.reason());
            assertTrue(e.getMessage().startsWith("no PJL end-of-job from 127.0.0.1:" + server.getLocalPort()
                    + " within 1 s for job \"printhub 42 Quarterly report\""), e.getMessage());
        }
    }

    @Test
    void describesItself() {
        DeviceInfo info = device("host", "Printer-3.example.com", "port", 9101).info();

        assertEquals("office", info.id());
        assertEquals("socket", info.driver());
        assertEquals("socket://printer-3.example.com:9101", info.uri());
        assertEquals("socket://[fe80::1]:9100", device("host", "[fe80::1]").info().uri());
    }

    @Test
    void refusesABadConfigurationWithItsReason() {
        assertEquals("host is required: the printer's host name or address",
                assertThrows(IllegalArgumentException.class, () -> device("host", " ")).getMessage());
        assertEquals("host must be a host name or address, not a URI or path: 'socket://printer:9100'",
                assertThrows(IllegalArgumentException.class,
                        () -> device("host", "socket://printer:9100")).getMessage());
        assertEquals("not a host name or address: 'printer one'",
                assertThrows(IllegalArgumentException.class, () -> device("host", "printer one")).getMessage());
        assertEquals("port must be 1 to 65535, not 70000",
                assertThrows(IllegalArgumentException.class, () -> device("port", 70000)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> device("port", 0));
        assertThrows(IllegalArgumentException.class, () -> device("ioTimeoutSeconds", 0));
        assertThrows(IllegalArgumentException.class, () -> device("waitForEndOfJob", true));
    }

    /** A PJL printer: reads the job up to its EOJ, then echoes START and END (or nothing) and holds on. */
    private static byte[] pjlPrinter(ServerSocket server, boolean echo) throws IOException, InterruptedException {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream job = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            String tail = "";
            while (!tail.matches("(?s).*@PJL EOJ NAME=\"[^\"]*\"\r\n\u001b%-12345X")) { // the whole footer
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                job.write(buffer, 0, n);
                tail = new String(job.toByteArray(), Math.max(0, job.size() - 200), Math.min(200, job.size()),
                        StandardCharsets.ISO_8859_1);
            }
            String name = tail.replaceAll("(?s).*@PJL EOJ NAME=\"([^\"]*)\".*", "$1");
            if (echo) {
                OutputStream out = s.getOutputStream();
                out.write(("@PJL USTATUS JOB\r\nSTART\r\nNAME=\"" + name + "\"\r\n\f").getBytes(StandardCharsets.US_ASCII));
                out.write(("@PJL USTATUS JOB\r\nEND\r\nNAME=\"other job\"\r\nPAGES=9\r\n\f").getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(200);
                out.write(("@PJL USTATUS JOB\r\nEND\r\nNAME=\"" + name + "\"\r\nPAGES=3\r\n\f").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            in.read(); // hold the connection until the driver closes it
            return job.toByteArray();
        }
    }

    private static Socket accept(ServerSocket server) {
        try {
            return server.accept();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DeviceException deviceFailure(Future<?> printing) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> printing.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof DeviceException, String.valueOf(e.getCause()));
        return (DeviceException) e.getCause();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
