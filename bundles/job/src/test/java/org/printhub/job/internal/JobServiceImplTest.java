package org.printhub.job.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.printhub.device.DeviceException;
import org.printhub.device.DeviceInfo;
import org.printhub.device.DocumentConverter;
import org.printhub.job.DocumentSource;
import org.printhub.job.IllegalJobStateException;
import org.printhub.job.Job;
import org.printhub.job.JobEvents;
import org.printhub.job.JobOperation;
import org.printhub.job.JobRejectedException;
import org.printhub.job.JobState;
import org.printhub.job.JobStateReasons;
import org.printhub.job.JobSubmission;
import org.printhub.job.JobTicket;
import org.printhub.job.JobUpdate;
import org.printhub.job.NoSuchJobException;
import org.printhub.job.PrinterState;
import org.printhub.job.Sides;

class JobServiceImplTest {
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final RecordingEventAdmin events = new RecordingEventAdmin();
    private final TestConfig config = new TestConfig();
    private JobServiceImpl service;

    private JobServiceImpl start() {
        service = new JobServiceImpl(config, store, events);
        return service;
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.deactivate();
        }
    }

    private static JobSubmission.Builder doc(String device, String text) {
        return JobSubmission.to(device).name("doc").owner("alice").origin("test")
                .document(DocumentSource.of("doc.txt", "text/plain",
                        () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }

    private Job await(long id, Predicate<Job> condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            Job j = service.get(id);
            if (condition.test(j)) {
                return j;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("timed out; job is " + service.get(id));
    }

    private Job awaitState(long id, JobState state) throws InterruptedException {
        return await(id, j -> j.state() == state);
    }

    /** Adds {@code device}, pauses it and queues one job per text; the caller resumes it. */
    private List<Job> queuedOnPausedDevice(ScriptedDevice device, String... texts) {
        service.addDevice(device);
        service.pause(device.info().id());
        List<Job> jobs = new ArrayList<>();
        for (String text : texts) {
            jobs.add(service.submit(doc(device.info().id(), text).build()));
        }
        return jobs;
    }

    @Test
    void theNextJobPrintsOnlyOnceThePreviousCompletionIsOnDisk() throws Exception {
        store.syncGate = new CountDownLatch(1);
        start();
        ScriptedDevice device = new ScriptedDevice("office");
        List<Job> queued = queuedOnPausedDevice(device, "one", "two");
        Job first = queued.get(0);
        Job second = queued.get(1);
        service.resume("office");
        awaitState(first.id(), JobState.COMPLETED);
        // the second is claimed while the first's completion is being forced, but not sent to the printer
        awaitState(second.id(), JobState.PROCESSING);
        Thread.sleep(200);
        assertEquals(List.of(first.id()), device.order);
        store.syncGate.countDown();
        awaitState(second.id(), JobState.COMPLETED);
        assertEquals(List.of(first.id(), second.id()), device.order);
    }

    @Test
    void aJobWhosePredecessorsCompletionCannotBeForcedGoesBackToTheQueueAndPrintsOnceItCan() throws Exception {
        start();
        ScriptedDevice device = new ScriptedDevice("office");
        List<Job> queued = queuedOnPausedDevice(device, "one", "two");
        Job first = queued.get(0);
        Job second = queued.get(1);
        store.syncFailures.set(1);
        service.resume("office");
        awaitState(second.id(), JobState.COMPLETED);
        assertEquals(JobState.COMPLETED, service.get(first.id()).state());
        // the first completion's force failed: the second, claimed with it, was put back unprinted, then printed once
        assertEquals(List.of(first.id(), second.id()), device.order);
        assertEquals(0, store.syncFailures.get());
    }

    @Test
    void eachJobOfABusyQueueIsCompletedAndTheNextClaimedInOneStoreCall() throws Exception {
        start();
        ScriptedDevice device = new ScriptedDevice("office");
        service.addDevice(device);
        service.pause("office");
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(service.submit(doc("office", "job " + i).build()));
        }
        service.resume("office");
        for (Job job : jobs) {
            awaitState(job.id(), JobState.COMPLETED);
        }
        assertEquals(jobs.stream().map(Job::id).toList(), device.order);
        await(jobs.get(4).id(), j -> store.completionsInDispatch.get() == 5);
        assertEquals(0, store.pendingReadsOutsideDispatch.get(), "every pending job was read within a dispatch");
    }

    @Test
    void aJobChangedWhileItPrintedIsStillCompletedAndTheNextOneStillPrints() throws Exception {
        start();
        ScriptedDevice device = new ScriptedDevice("office");
        service.addDevice(device);
        CountDownLatch renamed = new CountDownLatch(1);
        device.then(task -> {
            service.update(task.job().id(), JobUpdate.builder().name("renamed while printing").build());
            renamed.countDown();
        });
        Job first = service.submit(doc("office", "one").build());
        assertTrue(renamed.await(10, TimeUnit.SECONDS));
        Job second = service.submit(doc("office", "two").build());

        Job done = awaitState(first.id(), JobState.COMPLETED);
        assertEquals("renamed while printing", done.name());
        awaitState(second.id(), JobState.COMPLETED);
        assertEquals(List.of(second.id()), device.order);
    }

    @Test
    void submittedJobPrintsByteIdenticalAndCompletes() throws Exception {
        start();
        ScriptedDevice device = new ScriptedDevice("office");
        service.addDevice(device);
        Job job = service.submit(doc("office", "hello printer").build());
        assertEquals(JobState.PENDING, job.state());
        assertEquals(32, job.token().length());
        Job done = awaitState(job.id(), JobState.COMPLETED);
        assertEquals(Set.of(JobStateReasons.JOB_COMPLETED_SUCCESSFULLY), done.stateReasons());
        assertArrayEquals("hello printer".getBytes(StandardCharsets.UTF_8), device.printed.get(job.id()));
        assertTrue(done.completedAt().isPresent());
        assertEquals(1, done.attempts());
        assertEquals(done, service.findByToken(job.token()).orElseThrow());
        await(job.id(), j -> store.syncs > 0); // completion is forced to disk

        assertTrue(events.events.stream().anyMatch(e -> e.getTopic().equals(JobEvents.JOB_SUBMITTED)));
        assertTrue(events.events.stream().anyMatch(e -> e.getTopic().equals(JobEvents.JOB_STATE_CHANGED)
                && "completed".equals(e.getProperty(JobEvents.JOB_STATE))));
    }

    @Test
    void updateChangesMetadataAlwaysAndTheTicketOnlyBeforePrinting() throws Exception {
        start();
        service.addDevice(new ScriptedDevice("a"));
        Job held = service.submit(doc("a", "pull me").project("p1").hold(true).build());
        JobTicket duplex = held.ticket().toBuilder().copies(3).sides(Sides.TWO_SIDED_LONG_EDGE).build();
        Job changed = service.update(held.id(), JobUpdate.builder().ticket(duplex).project(null).favourite(true)
                .pageCount(4).colorPageCount(1).build());
        assertEquals(3, changed.ticket().copies());
        assertEquals(Sides.TWO_SIDED_LONG_EDGE, changed.ticket().sides());
        assertTrue(changed.project().isEmpty());
        assertTrue(changed.favourite());
        assertEquals(4, changed.pageCount());
        assertEquals(JobState.HELD, changed.state());
        assertTrue(events.events.stream().anyMatch(e -> e.getTopic().equals(JobEvents.JOB_UPDATED)));

        service.release(held.id(), null);
        Job done = awaitState(held.id(), JobState.COMPLETED);
        IllegalJobStateException late = assertThrows(IllegalJobStateException.class,
                () -> service.update(done.id(), JobUpdate.builder().ticket(duplex).build()));
        assertEquals(JobOperation.UPDATE_TICKET, late.operation());
        assertEquals("bob", service.update(done.id(), JobUpdate.builder().owner("bob").build()).owner());
        assertThrows(IllegalArgumentException.class, () -> JobUpdate.builder().name("n".repeat(256)));
        assertThrows(NoSuchJobException.class, () -> service.update(999, JobUpdate.builder().owner("x").build()));
    }

    @Test
    void onlyEndedJobsAreDeletedWithTheirDocuments() throws Exception {
        start();
        service.addDevice(new ScriptedDevice("a"));
        Job waiting = service.submit(doc("a", "wait").hold(true).build());
        assertEquals(JobOperation.DELETE, assertThrows(IllegalJobStateException.class,
                () -> service.delete(waiting.id())).operation());
        Job done = awaitState(service.submit(doc("a", "print me").build()).id(), JobState.COMPLETED);
        int files = store.spooledFiles();
        service.delete(done.id());
        assertTrue(service.find(done.id()).isEmpty());
        assertTrue(service.findByToken(done.token()).isEmpty());
        assertEquals(files - 1, store.spooledFiles());
        assertTrue(events.events.stream().anyMatch(e -> e.getTopic().equals(JobEvents.JOB_DELETED)
                && Long.valueOf(done.id()).equals(e.getProperty(JobEvents.JOB_ID))));
        assertThrows(NoSuchJobException.class, () -> service.delete(done.id()));
        assertThrows(NoSuchJobException.class, () -> service.openDocument(done.id(), 0));
    }

    @Test
    void endedJobsPastTheirRetentionGoButFavouritesAndWaitingJobsStay() throws Exception {
        start();
        service.addDevice(new ScriptedDevice("a"));
        Job kept = awaitState(service.submit(doc("a", "keep").favourite(true).build()).id(), JobState.COMPLETED);
        Job old = awaitState(service.submit(doc("a", "old").build()).id(), JobState.COMPLETED);
        Job waiting = service.submit(doc("a", "wait").hold(true).build());
        service.deleteJobsEndedBefore(old.completedAt().orElseThrow().minusSeconds(1));
        assertTrue(service.find(old.id()).isPresent(), "ended after the cutoff");
        service.deleteJobsEndedBefore(Instant.now().plusSeconds(1));
        assertTrue(service.find(old.id()).isEmpty());
        assertTrue(service.find(kept.id()).isPresent());
        assertTrue(service.find(waiting.id()).isPresent());
    }

    /** Upper-cases text as it streams; fails at close when asked to. */
    private static DocumentConverter upperCase(boolean failAtClose) {
        return (in, name, ticket) -> new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int c = super.read();
                return c < 0 ? c : Character.toUpperCase(c);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                for (int i = off; i < off + Math.max(n, 0); i++) {
                    b[i] = (byte) Character.toUpperCase(b[i]);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                if (failAtClose) {
                    throw new IOException("converter exited with status 1: unreadable input");
                }
            }
        };
    }

    @Test
    void aDocumentTheDeviceCannotTakeIsConvertedAtSubmissionOrRefused() throws Exception {
        start();
        ScriptedDevice device = new ScriptedDevice(DeviceInfo.builder("shouty", "scripted")
                .documentFormats(Set.of("text/x-upper")).build());
        service.addDevice(device);
        assertTrue(assertThrows(JobRejectedException.class, () -> service.submit(doc("shouty", "x").build()))
                .getMessage().contains("no converter makes one of those from text/plain"));

        DocumentConverter failing = upperCase(true);
        service.addConverter(failing, Map.of(DocumentConverter.FROM, "text/plain", DocumentConverter.TO, "text/x-upper"));
        int spooled = store.spooledFiles();
        JobRejectedException bad = assertThrows(JobRejectedException.class,
                () -> service.submit(doc("shouty", "hello").build()));
        assertEquals(JobRejectedException.BAD_DOCUMENT, bad.reason());
        assertTrue(bad.getMessage().contains("cannot convert document 'doc.txt' from text/plain to text/x-upper"),
                bad.getMessage());
        assertEquals(spooled, store.spooledFiles(), "nothing of a failed conversion stays in the spool");
        service.removeConverter(failing);

        service.addConverter(upperCase(false),
                Map.of(DocumentConverter.FROM, "text/plain", DocumentConverter.TO, "text/x-upper"));
        Job job = service.submit(doc("shouty", "hello printer").build());
        assertEquals("text/x-upper", job.documents().get(0).mimeType());
        awaitState(job.id(), JobState.COMPLETED);
        assertArrayEquals("HELLO PRINTER".getBytes(StandardCharsets.UTF_8), device.printed.get(job.id()));
    }

    @Test
    void badSubmissionsAreRejectedAndLeaveNothingSpooled() {
        start();
        service.addDevice(new ScriptedDevice(DeviceInfo.builder("pdf-only", "scripted")
                .documentFormats(Set.of("application/pdf")).build()));
        assertEquals(JobRejectedException.UNKNOWN_DEVICE, assertThrows(JobRejectedException.class,
                () -> service.submit(doc("nowhere", "x").build())).reason());
        assertEquals(JobRejectedException.UNSUPPORTED_FORMAT, assertThrows(JobRejectedException.class,
                () -> service.submit(doc("pdf-only", "x").build())).reason());
        JobSubmission empty = JobSubmission.to("pdf-only").document(DocumentSource.of("e.pdf", "application/pdf",
                () -> new ByteArrayInputStream(new byte[0]))).build();
        assertEquals(JobRejectedException.BAD_DOCUMENT,
                assertThrows(JobRejectedException.class, () -> service.submit(empty)).reason());
        JobSubmission unreadable = JobSubmission.to("pdf-only")
                .document(DocumentSource.of("a.pdf", "application/pdf", () -> new ByteArrayInputStream(new byte[3])))
                .document(DocumentSource.of("b.pdf", "application/pdf", () -> new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                })).build();
        assertEquals(JobRejectedException.BAD_DOCUMENT,
                assertThrows(JobRejectedException.class, () -> service.submit(unreadable)).reason());
        assertEquals(JobRejectedException.BAD_DOCUMENT, assertThrows(JobRejectedException.class,
                () -> service.submit(JobSubmission.to("pdf-only").build())).reason());
        assertEquals(0, store.spooledFiles(), "the first document of the failed job was discarded");
        assertEquals(0, store.query(org.printhub.job.JobQuery.all()).total());
    }

    @Test
    void higherPriorityPrintsFirstThenArrivalOrder() throws Exception {
        start();
        ScriptedDevice device = new ScriptedDevice("office");
        service.addDevice(device);
        service.pause("office");
        Job low = service.submit(doc("office", "low").ticket(JobTicket.builder().priority(10).build()).build());
        Job first = service.submit(doc("office", "first").build());
        Job second = service.submit(doc("office", "second").build());
        Job urgent = service.submit(doc("office", "urgent").ticket(JobTicket.builder().priority(90).build()).build());
        assertEquals(4, service.printer("office").orElseThrow().queuedJobs());
        assertTrue(service.printer("office").orElseThrow().stateReasons().contains("paused"));
        service.resume("office");
        awaitState(low.id(), JobState.COMPLETED);
        assertEquals(List.of(urgent.id(), first.id(), second.id(), low.id()), device.order);
    }

    @Test
    void retryableDeviceErrorStopsTheJobThenRetriesIt() throws Exception {
        start();
        ScriptedDevice device = new ScriptedDevice("office")
                .then(t -> { throw DeviceException.retryable("media-empty", "paper out"); })
                .then(t -> { throw DeviceException.retryable("media-empty", "paper out"); });
        service.addDevice(device);
        config.retryInitial = 200;
        Job job = service.submit(doc("office", "x").build());
        Job stopped = awaitState(job.id(), JobState.STOPPED);
        assertTrue(stopped.hasReason("media-empty"));
        assertTrue(stopped.hasReason(JobStateReasons.PRINTER_STOPPED));
        assertEquals("paper out", stopped.stateMessage());
        assertEquals(PrinterState.STOPPED, service.printer("office").orElseThrow().state());
        Job done = awaitState(job.id(), JobState.COMPLETED);
        assertEquals(3, done.attempts());
    }

    @Test
    void fatalDeviceErrorAbortsTheJob() throws Exception {
        start();
        service.addDevice(new ScriptedDevice("office")
                .then(t -> { throw DeviceException.fatal(JobStateReasons.DOCUMENT_FORMAT_ERROR, "not a PDF"); }));
        Job job = service.submit(doc("office", "x").build());
        Job aborted = awaitState(job.id(), JobState.ABORTED);
        assertTrue(aborted.hasReason(JobStateReasons.DOCUMENT_FORMAT_ERROR));
        assertEquals("not a PDF", aborted.stateMessage());
        assertThrows(IllegalJobStateException.class, () -> service.cancel(job.id()));
        Job again = service.restart(job.id());
        assertEquals(JobState.PENDING, again.state());
        awaitState(job.id(), JobState.COMPLETED);
    }

    @Test
    void cancelInterruptsAPrintingJob() throws Exception {
        start();
        CountDownLatch printing = new CountDownLatch(1);
        service.addDevice(new ScriptedDevice("office").then(t -> {
            printing.countDown();
            Thread.sleep(60_000);
        }));
        Job job = service.submit(doc("office", "x").build());
        assertTrue(printing.await(5, TimeUnit.SECONDS));
        Job canceled = service.cancel(job.id());
        assertEquals(JobState.CANCELED, canceled.state());
        assertTrue(canceled.hasReason(JobStateReasons.JOB_CANCELED_BY_USER));
        Job next = service.submit(doc("office", "next").build());
        awaitState(next.id(), JobState.COMPLETED);
        assertEquals(JobState.CANCELED, service.get(job.id()).state());
    }

    @Test
    void suspendBlocksTheDriverAtItsNextCheckpointAndResumeLetsItGo() throws Exception {
        start();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch suspended = new CountDownLatch(1);
        java.util.List<Boolean> seenSuspended = new java.util.concurrent.CopyOnWriteArrayList<>();
        service.addDevice(new ScriptedDevice("printer3d").then(t -> {
            seenSuspended.add(t.isSuspended());
            started.countDown();
            suspended.await();
            seenSuspended.add(t.isSuspended());
            t.checkpoint();
            seenSuspended.add(t.isSuspended());
            t.reportPages(42);
        }));
        Job job = service.submit(doc("printer3d", "G28").build());
        assertTrue(started.await(5, TimeUnit.SECONDS));
        Job paused = service.suspend(job.id());
        assertEquals(JobState.STOPPED, paused.state());
        assertTrue(paused.hasReason(JobStateReasons.JOB_SUSPENDED));
        suspended.countDown();
        Thread.sleep(100);
        assertEquals(JobState.STOPPED, service.get(job.id()).state(), "driver is held at its checkpoint");
        assertEquals(JobState.PROCESSING, service.resume(job.id()).state());
        assertEquals(42, awaitState(job.id(), JobState.COMPLETED).pagesCompleted());
        assertEquals(java.util.List.of(false, true, false), seenSuspended, "isSuspended() before, during, after");
        assertThrows(IllegalJobStateException.class, () -> service.resume(job.id()));
    }

    @Test
    void isListedAndRegisteredDevicesAnswerAsPrinterAndPrintersDo() throws Exception {
        start();
        ScriptedDevice office = new ScriptedDevice("office");
        service.addDevice(office);
        ScriptedDevice away = new ScriptedDevice("away");
        service.addDevice(away);
        service.pause("away");
        Job waiting = service.submit(doc("away", "x").build());
        service.removeDevice(away);

        for (String id : List.of("office", "away", "nosuch")) {
            assertEquals(service.printer(id).isPresent(), service.isListed(id), id);
        }
        service.resume("away"); // not paused now: listed for its pending job alone
        assertTrue(service.isListed("away"));
        service.cancel(waiting.id());
        assertFalse(service.isListed("away"));
        assertEquals(List.of("office"), service.registeredDevices().stream().map(DeviceInfo::id).toList());
    }

    @Test
    void aJobInterruptedOnADeviceThatMustNotRestartItIsHeldUntilReleased() throws Exception {
        start();
        CountDownLatch printing = new CountDownLatch(1);
        DeviceInfo printer3d = DeviceInfo.builder("printer3d", "scripted").restartsInterruptedJobs(false).build();
        ScriptedDevice v1 = new ScriptedDevice(printer3d).then(t -> {
            printing.countDown();
            Thread.sleep(60_000);
        });
        service.addDevice(v1);
        Job job = service.submit(doc("printer3d", "G28").build());
        Job next = service.submit(doc("printer3d", "G1 X1").build());
        assertTrue(printing.await(5, TimeUnit.SECONDS));
        service.removeDevice(v1); // e.g. its driver is updated mid-print

        ScriptedDevice v2 = new ScriptedDevice(printer3d);
        service.addDevice(v2);
        awaitState(next.id(), JobState.COMPLETED);
        Job held = service.get(job.id());
        assertEquals(JobState.HELD, held.state(), "not printed again from the start by itself");
        assertTrue(held.stateMessage().startsWith("interrupted while printing on printer3d; release it"),
                held.stateMessage());
        assertEquals(List.of(next.id()), v2.order);

        service.release(job.id(), null);
        awaitState(job.id(), JobState.COMPLETED);
        assertEquals(List.of(next.id(), job.id()), v2.order);
    }

    @Test
    void deviceThatGoesAwayRequeuesItsJobWhichResumesOnTheReturningDevice() throws Exception {
        start();
        CountDownLatch printing = new CountDownLatch(1);
        ScriptedDevice v1 = new ScriptedDevice("office").then(t -> {
            printing.countDown();
            t.reportPages(3);
            Thread.sleep(60_000);
        });
        service.addDevice(v1);
        Job job = service.submit(doc("office", "important").build());
        Job queued = service.submit(doc("office", "queued").build());
        assertTrue(printing.await(5, TimeUnit.SECONDS));
        service.removeDevice(v1);
        Job waiting = service.get(job.id());
        assertEquals(JobState.PENDING, waiting.state());
        assertTrue(waiting.hasReason(JobStateReasons.PRINTER_UNAVAILABLE));
        assertFalse(service.printer("office").orElseThrow().present());
        Job third = service.submit(doc("office", "accepted while the driver is away").build());
        ScriptedDevice v2 = new ScriptedDevice("office");
        service.addDevice(v2);
        awaitState(third.id(), JobState.COMPLETED);
        assertArrayEquals("important".getBytes(StandardCharsets.UTF_8), v2.printed.get(job.id()));
        assertEquals(List.of(job.id(), queued.id(), third.id()), v2.order);
        assertEquals(2, service.get(job.id()).attempts());
    }

    @Test
    void secondDeviceWithTheSameIdTakesOverWhenTheFirstLeaves() throws Exception {
        start();
        ScriptedDevice old = new ScriptedDevice("office");
        ScriptedDevice updated = new ScriptedDevice("office");
        service.addDevice(old);
        service.addDevice(updated);
        service.removeDevice(old);
        Job job = service.submit(doc("office", "x").build());
        awaitState(job.id(), JobState.COMPLETED);
        assertTrue(updated.printed.containsKey(job.id()));
    }

    @Test
    void heldJobsWaitForReleaseOptionallyToAnotherDevice() throws Exception {
        start();
        ScriptedDevice a = new ScriptedDevice("a");
        ScriptedDevice b = new ScriptedDevice("b");
        service.addDevice(a);
        service.addDevice(b);
        Job held = service.submit(doc("a", "pull me").hold(true).build());
        assertEquals(JobState.HELD, held.state());
        Thread.sleep(100);
        assertEquals(JobState.HELD, service.get(held.id()).state());
        assertThrows(JobRejectedException.class, () -> service.release(held.id(), "nowhere"));
        Job released = service.release(held.id(), "b");
        assertEquals("b", released.deviceId());
        awaitState(held.id(), JobState.COMPLETED);
        assertTrue(b.printed.containsKey(held.id()));
        assertFalse(a.printed.containsKey(held.id()));
        assertThrows(IllegalJobStateException.class, () -> service.release(held.id(), null));
    }

    @Test
    void holdUntilReleasesByItself() throws Exception {
        start();
        service.addDevice(new ScriptedDevice("a"));
        Job held = service.submit(doc("a", "later").holdUntil(Instant.now().plusMillis(150)).build());
        assertEquals(JobState.HELD, held.state());
        awaitState(held.id(), JobState.COMPLETED);
    }

    @Test
    void pendingAndStoppedJobsMoveToAnotherDevice() throws Exception {
        start();
        service.addDevice(new ScriptedDevice("broken")
                .then(t -> { throw DeviceException.retryable("offline", "unreachable"); }));
        config.retryInitial = 60_000;
        Job job = service.submit(doc("broken", "x").build());
        awaitState(job.id(), JobState.STOPPED);
        ScriptedDevice spare = new ScriptedDevice("spare");
        service.addDevice(spare);
        Job moved = service.move(job.id(), "spare");
        assertEquals(JobState.PENDING, moved.state());
        awaitState(job.id(), JobState.COMPLETED);
        assertTrue(spare.printed.containsKey(job.id()));
    }

    @Test
    void recoveryRequeuesJobsThatWerePrintingWhenTheServerDied() throws Exception {
        store.force(Job.builder().id(1).token("0".repeat(32)).revision(3).deviceId("office").createdAt(Instant.now())
                .state(JobState.PROCESSING, JobStateReasons.JOB_PRINTING).pagesCompleted(5).build());
        store.force(Job.builder().id(2).token("1".repeat(32)).revision(2).deviceId("office").createdAt(Instant.now())
                .state(JobState.COMPLETED, JobStateReasons.JOB_COMPLETED_SUCCESSFULLY).build());
        start();
        Job recovered = service.get(1);
        assertEquals(JobState.PENDING, recovered.state());
        assertTrue(recovered.hasReason(JobStateReasons.JOB_RESTARTABLE));
        assertEquals(0, recovered.pagesCompleted());
        assertEquals(JobState.COMPLETED, service.get(2).state());
    }

    @Test
    void workersDoNotInheritTheThreadLocalsOfTheThreadThatAddedTheirDevice() throws Exception {
        // Gogo keeps a console session's streams in inheritable thread-locals: a device added from a console
        // command must not print into that session for the rest of its life.
        InheritableThreadLocal<String> session = new InheritableThreadLocal<>();
        session.set("telnet session");
        start();
        String[] seen = { "not run" };
        service.addDevice(new ScriptedDevice("console-added").then(t -> seen[0] = String.valueOf(session.get())));
        Job job = service.submit(doc("console-added", "x").build());
        awaitState(job.id(), JobState.COMPLETED);
        assertEquals("null", seen[0]);
        session.remove();
    }

    @Test
    void commandsOnUnknownJobsAndIllegalStatesAreTyped() {
        start();
        service.addDevice(new ScriptedDevice("a"));
        assertThrows(org.printhub.job.NoSuchJobException.class, () -> service.cancel(999));
        Job held = service.submit(doc("a", "x").hold(true).build());
        assertThrows(IllegalJobStateException.class, () -> service.suspend(held.id()));
        assertThrows(IllegalArgumentException.class, () -> service.setPriority(held.id(), 101));
        assertEquals(77, service.setPriority(held.id(), 77).ticket().priority());
    }
}
