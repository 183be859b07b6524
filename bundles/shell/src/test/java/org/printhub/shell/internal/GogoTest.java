package org.printhub.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.JobState;

/** The commands as Gogo itself calls them: option parsing, varargs, overloads, session injection, formatting. */
class GogoTest {
    private final Fakes.Jobs jobs = new Fakes.Jobs().with(Fakes.job(3, JobState.PENDING, "office"),
            Fakes.job(7, JobState.COMPLETED, "office"), Fakes.job(8, JobState.HELD, "office"));
    private final Fakes.Printers printers = new Fakes.Printers().with(Fakes.printer("office", true, false));
    private ThreadIOImpl threadIO;
    private CommandProcessorImpl processor;
    private CommandSession session;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        threadIO = new ThreadIOImpl();
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        JobCommands jobCommands = new JobCommands(jobs, printers);
        for (String f : new String[] { "list", "show", "submit", "cancel", "hold", "release", "restart", "priority",
                "move" }) {
            processor.addCommand("job", jobCommands, f);
        }
        DeviceCommands deviceCommands = new DeviceCommands(printers);
        for (String f : new String[] { "list", "pause", "resume" }) {
            processor.addCommand("device", deviceCommands, f);
        }
        KeyCommands keyCommands = new KeyCommands(new Fakes.Keys());
        for (String f : new String[] { "create", "list", "revoke" }) {
            processor.addCommand("key", keyCommands, f);
        }
        processor.addConverter(new ShellConverter(java.time.ZoneOffset.UTC));
        session = processor.createSession(InputStream.nullInputStream(), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }

    @AfterEach
    void stop() {
        session.close();
        processor.stop();
        threadIO.stop();
    }

    private String run(String command) throws Exception {
        return session.format(session.execute(command), Converter.INSPECT).toString();
    }

    @Test
    void multiIdCommandsPrintOneLinePerId() throws Exception {
        assertEquals("3: cancelled\n7: cannot cancel job 7: it is completed\n99: no such job: 99\n",
                run("job:cancel 3 7 99"));
        assertEquals("8: released to office\n", run("job:release -d office 8"));
    }

    @Test
    void listUsesOptionsAndFormatsRows() throws Exception {
        String all = run("job:list -a -n 10");
        assertEquals(3, all.lines().count(), all);
        assertTrue(all.lines().findFirst().orElseThrow().startsWith("     8  pending-held"), all);
        String done = run("job:list -s completed");
        assertTrue(done.startsWith("     7  completed "), done);
        assertEquals(1, done.lines().count(), done);
    }

    @Test
    void showPrintsDetail() throws Exception {
        assertTrue(run("job:show 3").startsWith("job 3 'doc3.pdf'\n  state       pending\n"));
    }

    @Test
    void submitResolvesTheFileInTheSessionDirectory() throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello");
        session.currentDir(dir);
        assertTrue(run("job:submit hello.txt").contains("device      office"));
        assertEquals("hello", new String(jobs.submittedBytes));
        assertEquals("text/plain", jobs.submittedMime);
    }

    @Test
    void errorsAreOneLineExceptions() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> run("job:show nine"));
        assertEquals("not a job id: 'nine'", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> run("job:priority 3 500"));
        assertEquals("the priority must be 1 to 100, not '500'", e.getMessage());
    }

    @Test
    void keyCreateShowsTheSecretOnce() throws Exception {
        String out = run("key:create slicer print,files");
        assertTrue(out.contains("secret      secret-k1"), out);
        assertTrue(run("key:list").startsWith("k1            slicer                    files,print"));
        assertEquals("revoked key k1 'slicer' [files, print]", run("key:revoke k1"));
    }

    @Test
    void deviceCommands() throws Exception {
        assertTrue(run("device:list").startsWith("office  "));
        assertTrue(run("device:pause office").contains("paused      yes"));
    }
}
