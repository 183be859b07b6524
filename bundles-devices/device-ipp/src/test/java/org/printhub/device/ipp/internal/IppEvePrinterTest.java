package org.printhub.device.ipp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.device.DeviceException;
import org.printhub.job.JobTicket;
import org.printhub.job.Sides;

/** The driver against CUPS' IPP Everywhere reference printer, ippeveprinter, started for each test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IppEvePrinterTest {
    private static final String OFFICE = "org.printhub.device.ipp~office";
    private static DnsSdSandbox dnsSd;

    @TempDir
    Path dir;
    private final List<AutoCloseable> stopAtEnd = new ArrayList<>();

    @BeforeAll
    static void startDnsSd(@TempDir Path busDir) throws Exception {
        assumeTrue(IppEvePrinter.available(), "ippeveprinter, ipptool, dbus-daemon or avahi-daemon is not installed "
                + "(Debian: cups-ipp-utils, dbus-daemon, avahi-daemon): skipping the tests against ippeveprinter");
        dnsSd = DnsSdSandbox.start(busDir);
    }

    @AfterAll
    static void stopDnsSd() {
        if (dnsSd != null) {
            dnsSd.close();
        }
    }

    @AfterEach
    void stopPeers() throws Exception {
        Thread.interrupted();
        for (AutoCloseable c : stopAtEnd) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T atEnd(T closeable) {
        stopAtEnd.add(closeable);
        return closeable;
    }

    private IppEvePrinter printer(boolean busy, int port, String sub) throws Exception {
        return atEnd(IppEvePrinter.start(dnsSd, Files.createDirectories(dir.resolve(sub)), busy, port));
    }

    private IppDevice device(TestConfig config) {
        return atEnd(new ClosingDevice(new IppDevice(config, Map.of("service.pid", OFFICE)))).device();
    }

    @Test
    void printsAPdfThatArrivesByteIdenticalAndCompletedWithOurNameAndUser() throws Exception {
        IppEvePrinter peer = printer(false, 0, "a");
        byte[] pdf = TestTask.pdf("Quarterly report");
        TestTask task = new TestTask(42, "Quarterly report").document("q3.pdf", "application/pdf", pdf)
                .ticket(JobTicket.builder().sides(Sides.ONE_SIDED).build());

        device(new TestConfig(peer.uri().toString())).print(task);

        List<Path> received = peer.documents();
        assertEquals(1, received.size(), "documents at the printer: " + received);
        assertArrayEquals(pdf, Files.readAllBytes(received.get(0)));
        assertTrue(task.lastMessage().matches("printer job \\d+ completed.*"), task.lastMessage());
        String jobs = peer.completedJobs();
        assertTrue(jobs.contains("job-name (nameWithoutLanguage) = Quarterly report"), jobs);
        assertTrue(jobs.contains("job-originating-user-name (nameWithoutLanguage) = alice"), jobs);
        assertTrue(jobs.contains("job-state (enum) = completed"), jobs);
    }

    @Test
    void eachDocumentOfAJobIsAPrintJobOnAPrinterWithoutMultiDocumentJobs() throws Exception {
        IppEvePrinter peer = printer(false, 0, "a");
        byte[] cover = TestTask.pdf("cover");
        byte[] body = TestTask.pdf("body");
        TestTask task = new TestTask(49, "two documents").document("cover.pdf", "application/pdf", cover)
                .document("body.pdf", "application/pdf", body);

        device(new TestConfig(peer.uri().toString())).print(task);

        List<Path> received = peer.documents();
        assertEquals(2, received.size(), "documents at the printer: " + received);
        assertArrayEquals(cover, Files.readAllBytes(received.get(0)));
        assertArrayEquals(body, Files.readAllBytes(received.get(1)));
    }

    @Test
    void streamsALargeDocumentUnchanged() throws Exception {
        IppEvePrinter peer = printer(false, 0, "a");
        byte[] content = TestTask.pdfLike(24 * 1024 * 1024 + 17, 7);
        TestTask task = new TestTask(43, "big").document("big.pdf", "application/pdf", content);

        device(new TestConfig(peer.uri().toString())).print(task);

        assertArrayEquals(content, Files.readAllBytes(peer.documents().get(0)));
    }

    @Test
    void threeJobsAtOnceOnABusyPrinterAllArrive() throws Exception {
        IppEvePrinter peer = printer(true, 0, "a");
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            List<TestTask> tasks = new ArrayList<>();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // three Printhub devices on one printer: each job meets the printer busy with another
                TestTask task = new TestTask(100 + i, "job " + i).document("j" + i + ".pdf", "application/pdf",
                        TestTask.pdf("job " + i));
                IppDevice device = device(new TestConfig(peer.uri().toString()));
                tasks.add(task);
                done.add(clients.submit(() -> {
                    device.print(task);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
            List<Path> received = peer.documents();
            assertEquals(3, received.size(), "documents at the printer: " + received);
            for (int i = 0; i < 3; i++) {
                int job = i;
                assertTrue(received.stream().anyMatch(p -> same(p, tasks.get(job).contents.get(0))), "job " + i);
            }
            assertTrue(tasks.stream().anyMatch(t -> t.said("printer busy (server-error-busy)")),
                    "no job met the printer busy, so this test proved nothing");
        } finally {
            clients.shutdownNow();
        }
    }

    private static boolean same(Path file, byte[] content) {
        try {
            return java.util.Arrays.equals(Files.readAllBytes(file), content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aPrinterStoppedMidDocumentStopsTheJobWhichPrintsWhenItReturns() throws Exception {
        IppEvePrinter peer = printer(false, 0, "a");
        byte[] content = TestTask.pdfLike(4 * 1024 * 1024, 3);
        TestTask task = new TestTask(44, "interrupted").document("doc.pdf", "application/pdf", content);
        task.pauseAfterBytes = 1024 * 1024;
        IppDevice device = device(new TestConfig(peer.uri().toString()));
        Attempt attempt = new Attempt(device, task);
        assertTrue(task.paused.await(20, TimeUnit.SECONDS), "the document never started");
        peer.close();
        task.resume.countDown();
        DeviceException stopped = assertInstanceOf(DeviceException.class, attempt.await(30));
        assertTrue(stopped.retryable(), stopped.getMessage());
        assertEquals("offline-report", stopped.reason(), stopped.getMessage());

        IppEvePrinter back = printer(false, peer.port(), "b");
        device.print(task);

        assertArrayEquals(content, Files.readAllBytes(back.documents().get(0)));
    }

    @Test
    void aPrinterStoppedWhileItPrintsStopsTheJobWhichPrintsWhenItReturns() throws Exception {
        IppEvePrinter peer = printer(true, 0, "a");
        byte[] pdf = TestTask.pdf("slow");
        TestTask task = new TestTask(45, "slow").document("slow.pdf", "application/pdf", pdf);
        IppDevice device = device(new TestConfig(peer.uri().toString()));
        Attempt attempt = new Attempt(device, task);
        awaitMessage(task, "printing");
        peer.close();
        DeviceException stopped = assertInstanceOf(DeviceException.class, attempt.await(30));
        assertTrue(stopped.retryable(), stopped.getMessage());
        assertEquals("offline-report", stopped.reason(), stopped.getMessage());

        // the printer came back without the job: it is sent again, whole
        IppEvePrinter back = printer(false, peer.port(), "b");
        device.print(task);
        assertArrayEquals(pdf, Files.readAllBytes(back.documents().get(0)));
    }

    @Test
    void aCanceledJobIsCanceledOnThePrinterToo() throws Exception {
        IppEvePrinter peer = printer(true, 0, "a");
        TestTask task = new TestTask(46, "to cancel").document("c.pdf", "application/pdf", TestTask.pdf("cancel"));
        IppDevice device = device(new TestConfig(peer.uri().toString()));
        Attempt attempt = new Attempt(device, task);
        String printing = awaitMessage(task, "printing");
        attempt.interrupt(); // what the core does when the job is canceled
        assertInstanceOf(InterruptedException.class, attempt.await(15));

        Matcher id = Pattern.compile("printer job (\\d+)").matcher(printing);
        assertTrue(id.find(), printing);
        // ippeveprinter ends a canceled job when its print loop next looks, within a second or so
        String jobs = peer.completedJobs();
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                !jobs.contains("job-state (enum) = canceled") && System.nanoTime() < end; jobs = peer.completedJobs()) {
            Thread.sleep(200);
        }
        assertTrue(jobs.contains("job-id (integer) = " + id.group(1)), jobs);
        assertTrue(jobs.contains("job-state (enum) = canceled"), jobs);
    }

    @Test
    void ippsWithAnExplicitlyAcceptedSelfSignedCertificate() throws Exception {
        IppEvePrinter peer = printer(false, 0, "a");
        String ipps = "ipps://localhost:" + peer.port() + "/ipp/print";
        TestTask refused = new TestTask(47, "tls").document("t.pdf", "application/pdf", TestTask.pdf("tls"));

        DeviceException untrusted = assertThrows(DeviceException.class,
                () -> device(new TestConfig(ipps)).print(refused));
        assertTrue(untrusted.retryable());
        assertTrue(untrusted.getMessage().startsWith("TLS with localhost:" + peer.port() + " failed"),
                untrusted.getMessage());

        byte[] pdf = TestTask.pdf("tls");
        TestTask task = new TestTask(48, "tls").document("t.pdf", "application/pdf", pdf);
        device(new TestConfig(ipps).tlsTrust("accept-any")).print(task);
        assertArrayEquals(pdf, Files.readAllBytes(peer.documents().get(0)));
    }

    @Test
    void ippsTrustingTheCertificateFromATrustStore() throws Exception {
        IppEvePrinter peer = printer(false, 0, "a");
        Path store = dir.resolve("printer.p12");
        trustStoreWithTheCertificateOf("localhost", peer.port(), store, "changeit".toCharArray());
        byte[] pdf = TestTask.pdf("trusted");
        TestTask task = new TestTask(50, "trusted").document("t.pdf", "application/pdf", pdf);

        device(new TestConfig("ipps://localhost:" + peer.port() + "/ipp/print").tlsTrust("truststore")
                .trustStore(store.toString(), "changeit")).print(task);

        assertArrayEquals(pdf, Files.readAllBytes(peer.documents().get(0)));
    }

    /** What an operator does with keytool -printcert -sslserver and -importcert, done here in Java. */
    private static void trustStoreWithTheCertificateOf(String host, int port, Path store, char[] password)
            throws Exception {
        javax.net.ssl.SSLContext any = org.printhub.device.ipp.internal.transport.TlsTrust.acceptAny();
        java.security.cert.Certificate[] chain;
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) any.getSocketFactory().createSocket(host, port)) {
            socket.startHandshake();
            chain = socket.getSession().getPeerCertificates();
        }
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        keys.load(null, password);
        keys.setCertificateEntry("printer", chain[0]);
        try (var out = Files.newOutputStream(store)) {
            keys.store(out, password);
        }
    }

    private static String awaitMessage(TestTask task, String part) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            for (String m : task.messages) {
                if (m.contains(part)) {
                    return m;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no message with '" + part + "' in " + task.messages);
    }
}
