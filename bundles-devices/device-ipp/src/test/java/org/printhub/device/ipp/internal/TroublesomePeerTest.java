package org.printhub.device.ipp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.printhub.device.DeviceException;
import org.printhub.device.ipp.internal.transport.HttpIppTransport;
import org.printhub.job.JobTicket;
import org.printhub.job.Sides;

import com.hp.jipp.encoding.IppPacket;
import com.hp.jipp.model.JobState;
import com.hp.jipp.model.Operation;
import com.hp.jipp.model.PrinterState;
import com.hp.jipp.model.Status;
import com.hp.jipp.model.Types;

/** Peers that fail in the ways real networks and printers do, one by one; every wait must end, with a reason. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TroublesomePeerTest {
    private final List<AutoCloseable> stopAtEnd = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        Thread.interrupted();
        for (AutoCloseable c : stopAtEnd) {
            c.close();
        }
    }

    private ScriptedIppPeer peer(ScriptedIppPeer.Script script) throws IOException {
        ScriptedIppPeer peer = new ScriptedIppPeer(script);
        stopAtEnd.add(peer);
        return peer;
    }

    private IppDevice device(TestConfig config) {
        IppDevice device = new IppDevice(config, Map.of("service.pid", "org.printhub.device.ipp~office"));
        stopAtEnd.add(new ClosingDevice(device));
        return device;
    }

    private static TestTask task() {
        return new TestTask(9, "report").document("r.pdf", "application/pdf", TestTask.pdf("report"));
    }

    private DeviceException fails(TestConfig config) {
        return assertThrows(DeviceException.class, () -> device(config).print(task()));
    }

    @Test
    void nothingListening() throws Exception {
        int port = PeerProcess.freePort();
        DeviceException e = fails(new TestConfig("ipp://127.0.0.1:" + port + "/ipp/print"));
        assertTrue(e.retryable());
        assertEquals("offline-report", e.reason());
        assertTrue(e.getMessage().startsWith("cannot connect to 127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void hostNameThatDoesNotResolve() {
        DeviceException e = fails(new TestConfig("ipp://printer.invalid/ipp/print"));
        assertTrue(e.retryable());
        assertEquals("offline-report", e.reason());
        assertEquals("cannot resolve printer.invalid", e.getMessage());
    }

    @Test
    void peerThatAcceptsAndNeverAnswers() throws Exception {
        ScriptedIppPeer peer = peer((request, document, socket) -> Thread.sleep(60_000));
        long start = System.nanoTime();
        DeviceException e = fails(new TestConfig(peer.uri()).idleTimeoutSeconds(1));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(e.retryable());
        assertEquals("offline-report", e.reason());
        assertTrue(e.getMessage().endsWith("went silent for 1000 ms"), e.getMessage());
        assertTrue(seconds < 10, "gave up after " + seconds + " s");
    }

    @Test
    void peerThatResetsMidDocument() throws Exception {
        ScriptedPrinter printer = new ScriptedPrinter();
        ScriptedIppPeer peer = peer((request, document, socket) -> {
            if (request.getOperation().equals(Operation.printJob)) {
                document.readNBytes(64 * 1024);
                ScriptedIppPeer.reset(socket);
            } else {
                printer.answer(request, document, socket);
            }
        });
        TestTask big = new TestTask(9, "big").document("b.pdf", "application/pdf", TestTask.pdfLike(8 << 20, 1));
        DeviceException e = assertThrows(DeviceException.class, () -> device(new TestConfig(peer.uri())).print(big));
        assertTrue(e.retryable());
        assertEquals("offline-report", e.reason());
        assertTrue(e.getMessage().startsWith("connection to 127.0.0.1:"), e.getMessage());
    }

    @Test
    void malformedIppResponses() throws Exception {
        for (byte[] body : List.of("<html>hello</html>".getBytes(StandardCharsets.US_ASCII), new byte[] { 2, 0 },
                new byte[] { 2, 0, 0, 0, 0, 0, 0, 1, 1, 0x47, 0, 50, 'x' })) {
            ScriptedIppPeer peer = peer((request, document, socket) -> ScriptedIppPeer.reply(socket, 200, body));
            DeviceException e = fails(new TestConfig(peer.uri()));
            assertTrue(e.retryable());
            assertEquals("other", e.reason());
            assertTrue(e.getMessage().startsWith("127.0.0.1:") && e.getMessage().contains("malformed IPP response"),
                    e.getMessage());
        }
    }

    @Test
    void responseForAnotherRequest() throws Exception {
        ScriptedIppPeer peer = peer((request, document, socket) -> ScriptedIppPeer.reply(socket,
                IppPacket.response(Status.successfulOk).setRequestId(request.getRequestId() + 1).build()));
        DeviceException e = fails(new TestConfig(peer.uri()));
        assertTrue(e.getMessage().contains("with request id"), e.getMessage());
    }

    @Test
    void responseLargerThanTheLimit() throws Exception {
        byte[] huge = new byte[HttpIppTransport.MAX_RESPONSE_BYTES + 1];
        ScriptedIppPeer peer = peer((request, document, socket) -> ScriptedIppPeer.reply(socket, 200, huge));
        DeviceException e = fails(new TestConfig(peer.uri()));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void httpErrorInsteadOfIpp() throws Exception {
        ScriptedIppPeer peer = peer((request, document, socket) -> ScriptedIppPeer.reply(socket, 404, new byte[0]));
        DeviceException e = fails(new TestConfig(peer.uri()));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().endsWith("answered HTTP 404 (no printer at /ipp/print)"), e.getMessage());
    }

    @Test
    void configurationWithABadUriRegistersButStopsItsJobs() {
        for (String uri : List.of("lpd://host/queue", "ipp://", "ipp://host:port/x", "", "ipp://user:secret@host/",
                "lpd://user:secret@host/", "ipp://user:secret@host:port/x", "ipp://us er:secret@host/")) {
            IppDevice device = device(new TestConfig(uri));
            assertEquals("office", device.info().id());
            assertFalse(device.info().uri().contains("secret"), device.info().uri());
            DeviceException e = assertThrows(DeviceException.class, () -> device.print(task()));
            assertTrue(e.retryable());
            assertEquals("other", e.reason());
            assertTrue(e.getMessage().startsWith("device configuration: "), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }

    @Test
    void unusableTrustSettingsStopTheJobsWithTheReason() {
        Map<TestConfig, String> cases = Map.of(
                new TestConfig("ipps://127.0.0.1/ipp/print").tlsTrust("truststore").trustStore("/nonexistent.p12", "pw"),
                "device configuration: cannot read trust store /nonexistent.p12: ",
                new TestConfig("ipps://127.0.0.1/ipp/print").tlsTrust("truststore"),
                "device configuration: tlsTrust=truststore needs trustStore",
                new TestConfig("ipps://127.0.0.1/ipp/print").tlsTrust("trust-me"),
                "device configuration: tlsTrust must be system, truststore or accept-any, not 'trust-me'");
        cases.forEach((config, message) -> {
            DeviceException e = assertThrows(DeviceException.class, () -> device(config).print(task()));
            assertTrue(e.getMessage().startsWith(message), e.getMessage());
            assertFalse(e.getMessage().contains("pw"), e.getMessage());
        });
    }

    @Test
    void deactivationLeavesNoTransportThreads() throws Exception {
        ScriptedIppPeer peer = peer((request, document, socket) -> Thread.sleep(60_000));
        IppDevice device = new IppDevice(new TestConfig(peer.uri()), Map.of("service.pid", "org.printhub.device.ipp~x"));
        Attempt attempt = new Attempt(device, task());
        Thread.sleep(300);
        attempt.interrupt();
        assertInstanceOf(InterruptedException.class, attempt.await(5));
        device.deactivate();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("printhub-ipp-"))) {
            assertTrue(System.nanoTime() < deadline, "transport threads still running after deactivation");
            Thread.sleep(50);
        }
    }

    @Test
    void busyForLongerThanTheLimit() throws Exception {
        ScriptedIppPeer peer = peer((request, document, socket) -> ScriptedIppPeer.reply(socket,
                IppPacket.response(Status.serverErrorBusy).setRequestId(request.getRequestId()).build()));
        DeviceException e = fails(new TestConfig(peer.uri()).busyRetrySeconds(1));
        assertTrue(e.retryable());
        assertEquals("the printer stayed busy (server-error-busy) for 1 s", e.getMessage());
    }

    @Test
    void mediaEmptyStopsTheJobWithThatReasonAndTheRetryFollowsTheSamePrinterJob() throws Exception {
        ScriptedPrinter printer = new ScriptedPrinter();
        printer.jobState = JobState.processingStopped;
        printer.jobReasons = List.of("printer-stopped");
        printer.printerState = PrinterState.stopped;
        printer.printerReasons = List.of("media-empty-error", "toner-low-warning");
        ScriptedIppPeer peer = peer(printer);
        IppDevice device = device(new TestConfig(peer.uri()));
        TestTask task = task();

        DeviceException e = assertThrows(DeviceException.class, () -> device.print(task));
        assertTrue(e.retryable());
        assertEquals("media-empty", e.reason());
        assertTrue(e.getMessage().startsWith("printer job 7 stopped at the printer (media-empty-error"),
                e.getMessage());

        printer.jobState = JobState.completed;
        printer.printerState = PrinterState.idle;
        device.print(task);
        assertEquals(1, peer.requests.stream().filter(r -> r.getOperation().equals(Operation.printJob)).count(),
                "the retry sent the job again");
        assertEquals(task.contents.get(0).length, printer.documentBytes);
    }

    @Test
    void aJobThePrinterForgetsRightAfterTakingItCountsAsPrintedButOneFromAnEarlierAttemptIsSentAgain()
            throws Exception {
        ScriptedPrinter printer = new ScriptedPrinter();
        printer.forgetsJobs = true;
        ScriptedIppPeer peer = peer(printer);
        IppDevice device = device(new TestConfig(peer.uri()));
        TestTask task = task();

        device.print(task);
        assertEquals("printer job 7 ended and left the printer's history", task.lastMessage());

        // an earlier attempt stopped with the printer's job in hand; the printer has forgotten it since
        printer.forgetsJobs = false;
        printer.jobState = JobState.processingStopped;
        printer.printerState = PrinterState.stopped;
        printer.printerReasons = List.of("media-jam-error");
        TestTask jammed = new TestTask(10, "jammed").document("j.pdf", "application/pdf", TestTask.pdf("jam"));
        assertEquals("media-jam", assertThrows(DeviceException.class, () -> device.print(jammed)).reason());
        printer.forgetsJobs = true;
        device.print(jammed);
        assertEquals(3, peer.requests.stream().filter(r -> r.getOperation().equals(Operation.printJob)).count());
    }

    @ParameterizedTest
    @CsvSource({ "aborted, document-format-error", "canceled, job-canceled-at-device" })
    void jobEndedBadlyAtThePrinterAbortsWithItsReason(String state, String reason) throws Exception {
        ScriptedPrinter printer = new ScriptedPrinter();
        printer.jobState = state.equals("aborted") ? JobState.aborted : JobState.canceled;
        printer.jobReasons = List.of(reason);
        DeviceException e = fails(new TestConfig(peer(printer).uri()));
        assertFalse(e.retryable());
        assertEquals(reason, e.reason());
    }

    @Test
    void ticketOnlyAsFarAsThePrinterSupportsIt() throws Exception {
        ScriptedPrinter printer = new ScriptedPrinter();
        ScriptedIppPeer peer = peer(printer);
        TestTask task = task().ticket(JobTicket.builder().copies(3).sides(Sides.TWO_SIDED_LONG_EDGE)
                .media("na_letter_8.5x11in").build());

        device(new TestConfig(peer.uri())).print(task);

        IppPacket printJob = peer.requests.stream().filter(r -> r.getOperation().equals(Operation.printJob))
                .findFirst().orElseThrow();
        assertEquals("two-sided-long-edge", printJob.getValue(com.hp.jipp.encoding.Tag.jobAttributes, Types.sides));
        assertEquals(null, printJob.getValue(com.hp.jipp.encoding.Tag.jobAttributes, Types.copies));
        assertEquals(null, printJob.getValue(com.hp.jipp.encoding.Tag.jobAttributes, Types.media));
        assertEquals("alice", printJob.getValue(com.hp.jipp.encoding.Tag.operationAttributes,
                Types.requestingUserName).getValue());
        assertTrue(task.said("the printer does not support copies=3, media=na_letter_8.5x11in"), task.messages.toString());
    }

    @Test
    void documentFormatThePrinterDoesNotTakeAbortsBeforeSending() throws Exception {
        ScriptedIppPeer peer = peer(new ScriptedPrinter());
        TestTask task = new TestTask(9, "text").document("a.txt", "text/plain", "hi".getBytes(StandardCharsets.UTF_8));
        DeviceException e = assertThrows(DeviceException.class, () -> device(new TestConfig(peer.uri())).print(task));
        assertFalse(e.retryable());
        assertEquals("unsupported-document-format", e.reason());
        assertEquals("the printer does not take text/plain (a.txt); it takes application/pdf", e.getMessage());
    }

    @Test
    void cancelWhileThePrinterIsSilentEndsPromptly() throws Exception {
        ScriptedPrinter printer = new ScriptedPrinter();
        ScriptedIppPeer peer = peer((request, document, socket) -> {
            if (request.getOperation().equals(Operation.printJob)) {
                document.transferTo(OutputStream.nullOutputStream());
                Thread.sleep(60_000);
            } else {
                printer.answer(request, document, socket);
            }
        });
        TestTask task = task();
        Attempt attempt = new Attempt(device(new TestConfig(peer.uri())), task);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (peer.requests.stream().noneMatch(r -> r.getOperation().equals(Operation.printJob))) {
            assertTrue(System.nanoTime() < deadline, "no Print-Job");
            Thread.sleep(20);
        }
        attempt.interrupt();
        assertInstanceOf(InterruptedException.class, attempt.await(5));
    }
}
