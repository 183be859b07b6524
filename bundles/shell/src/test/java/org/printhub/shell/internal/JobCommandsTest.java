package org.printhub.shell.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.Job;
import org.printhub.job.JobQuery;
import org.printhub.job.JobState;
import org.printhub.job.NoSuchJobException;

class JobCommandsTest {
    private final Fakes.Jobs jobs = new Fakes.Jobs().with(Fakes.job(3, JobState.PENDING, "office"),
            Fakes.job(4, JobState.HELD, "office"), Fakes.job(5, JobState.PROCESSING, "lab"),
            Fakes.job(7, JobState.COMPLETED, "office"));
    private final Fakes.Printers printers = new Fakes.Printers().with(Fakes.printer("zeta", true, false),
            Fakes.printer("absent", false, false), Fakes.printer("lab", true, false));
    private final JobCommands commands = new JobCommands(jobs, printers);

    @TempDir
    Path dir;

    @Test
    void cancelReportsEveryIdAndDoesNotStopAtAFailure() {
        List<String> out = commands.cancel("3", "7", "99", "x", "-4", "5");
        assertEquals(List.of("3: cancelled", "7: cannot cancel job 7: it is completed", "99: no such job: 99",
                "x: not a job id: 'x'", "-4: not a job id: '-4'", "5: cancelled"), out);
        assertEquals(JobState.CANCELED, jobs.get(3).state());
        assertEquals(JobState.CANCELED, jobs.get(5).state());
    }

    @Test
    void deleteRemovesEndedJobsOnly() {
        assertEquals(List.of("7: deleted", "3: cannot delete job 3: it is pending", "7: no such job: 7"),
                commands.delete("7", "3", "7"));
        assertTrue(jobs.find(7).isEmpty());
        assertTrue(jobs.find(3).isPresent());
    }

    @Test
    void holdReleaseAndRestartReportPerItem() {
        assertEquals(List.of("3: held", "4: cannot hold job 4: it is pending-held"), commands.hold("3", "4"));
        assertEquals(List.of("3: released to lab", "4: released to lab"), commands.release("lab", "3", "4"));
        assertEquals("lab", jobs.get(3).deviceId());
        assertEquals(List.of("3: cannot release job 3: it is pending"), commands.release("", "3"));
        commands.hold("3");
        assertEquals(List.of("3: no such device: nowhere"), commands.release("nowhere", "3"));
        assertEquals(List.of("3: released"), commands.release("", "3"));
        assertEquals(List.of("7: restarted", "3: cannot restart job 3: it is pending"), commands.restart("7", "3"));
    }

    @Test
    void aMultiIdCommandNeedsAnId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.cancel());
        assertEquals("give at least one job id", e.getMessage());
    }

    @Test
    void listsActiveJobsByDefault() {
        List<Job> out = commands.list("", "", "", "50", false);
        assertEquals(List.of(5L, 4L, 3L), out.stream().map(Job::id).toList());
        JobQuery q = jobs.queries.get(0);
        assertEquals(EnumSet.of(JobState.PENDING, JobState.HELD, JobState.PROCESSING, JobState.STOPPED), q.states());
        assertEquals(50, q.limit());
    }

    @Test
    void listFilters() {
        assertEquals(List.of(7L, 5L, 4L, 3L), commands.list("", "", "", "50", true).stream().map(Job::id).toList());
        assertEquals(Set.of(), jobs.queries.get(0).states());
        commands.list("pending-held, COMPLETED", "office", "alice", "2", false);
        JobQuery q = jobs.queries.get(1);
        assertEquals(Set.of(JobState.HELD, JobState.COMPLETED), q.states());
        assertEquals("office", q.deviceId().orElseThrow());
        assertEquals("alice", q.owner().orElseThrow());
        assertEquals(2, q.limit());
    }

    @Test
    void badListArgumentsGiveOneClearLine() {
        assertEquals("not a job state: nonsense",
                assertThrows(IllegalArgumentException.class, () -> commands.list("nonsense", "", "", "50", false))
                        .getMessage());
        assertEquals("the limit must be 1 to 1000, not 'lots'",
                assertThrows(IllegalArgumentException.class, () -> commands.list("", "", "", "lots", false))
                        .getMessage());
        assertEquals("the limit must be 1 to 1000, not '0'",
                assertThrows(IllegalArgumentException.class, () -> commands.list("", "", "", "0", false)).getMessage());
    }

    @Test
    void showAndItsErrors() {
        assertEquals(4, commands.show("4").id());
        assertEquals("no such job: 99", assertThrows(NoSuchJobException.class, () -> commands.show("99")).getMessage());
        assertEquals("not a job id: 'four'",
                assertThrows(IllegalArgumentException.class, () -> commands.show("four")).getMessage());
    }

    @Test
    void priorityIsCheckedAndSet() {
        assertEquals(80, commands.priority("3", "80").ticket().priority());
        assertEquals("the priority must be 1 to 100, not '101'",
                assertThrows(IllegalArgumentException.class, () -> commands.priority("3", "101")).getMessage());
        assertEquals("the priority must be 1 to 100, not 'high'",
                assertThrows(IllegalArgumentException.class, () -> commands.priority("3", "high")).getMessage());
        assertEquals(List.of("priority 3 80"), jobs.calls);
    }

    @Test
    void moveAndItsIllegalState() {
        assertEquals("lab", commands.move("3", "lab").deviceId());
        assertEquals("cannot move job 5: it is processing",
                assertThrows(RuntimeException.class, () -> commands.move("5", "office")).getMessage());
    }

    @Test
    void submitStreamsTheFileToTheFirstPresentDevice() throws IOException {
        Path file = dir.resolve("Report.PDF");
        byte[] content = "%PDF-1.7 fake".getBytes();
        Files.write(file, content);
        Job j = commands.submit(null, file.toString());
        assertEquals("lab", j.deviceId(), "the first present device by id");
        assertEquals("Report.PDF", j.name());
        assertEquals("shell", jobs.submitted.origin());
        assertEquals(JobCommands.owner(), jobs.submitted.owner());
        assertEquals("application/pdf", jobs.submittedMime);
        assertArrayEquals(content, jobs.submittedBytes);

        assertEquals("zeta", commands.submit(null, file.toString(), "zeta").deviceId());
    }

    @Test
    void submitWithoutAnyPresentDeviceOrFileSaysSo() throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), "hello");
        JobCommands none = new JobCommands(jobs, new Fakes.Printers().with(Fakes.printer("gone", false, false)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> none.submit(null, file.toString()));
        assertTrue(e.getMessage().startsWith("no device is present"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> commands.submit(null, dir.resolve("missing.pdf").toString(), "lab"));
        assertTrue(missing.getMessage().startsWith("no readable file: "), missing.getMessage());
    }

    @Test
    void mimeTypesByExtension() {
        assertEquals("application/pdf", JobCommands.mimeType("x.pdf"));
        assertEquals("text/plain", JobCommands.mimeType("notes.TXT"));
        assertEquals("application/octet-stream", JobCommands.mimeType("raw"));
        assertEquals("application/octet-stream", JobCommands.mimeType("x.unknown"));
    }
}
