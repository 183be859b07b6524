package org.printhub.device.command.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.printhub.device.testing.Configs;
import org.printhub.device.testing.ScriptedTask;
import org.printhub.device.testing.TestThreads;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommandDeviceTest {
    private static final String SH = "/bin/sh";
    @TempDir
    Path dir;
    @RegisterExtension
    final TestThreads threads = new TestThreads();

    /** A device running {@code command} (as in {@link #cmd}), with a 10 s timeout and the given settings. */
    private static CommandDevice device(Object[] command, Object... settings) {
        Object[] all = Stream.of(command, new Object[] { "timeoutSeconds", 10 }, settings).flatMap(Arrays::stream)
                .toArray();
        return new CommandDevice(Configs.of(Config.class, all), Map.of("device.id", "office"));
    }

    private static Object[] cmd(String... words) {
        return new Object[] { "command", words };
    }

    @Test
    void pipesEachDocumentByteForByteIntoItsOwnRun() throws Exception {
        byte[] one = ScriptedTask.randomBytes(5 << 20, 1);
        byte[] two = "second\n".getBytes(StandardCharsets.US_ASCII);
        ScriptedTask task = new ScriptedTask().document("a.pdf", "application/pdf", one)
                .document("b.txt", "text/plain", two);

        device(cmd("/bin/dd of=" + dir + "/job-{id}-{index}.out status=none")).print(task);

        assertArrayEquals(one, Files.readAllBytes(dir.resolve("job-42-1.out")));
        assertArrayEquals(two, Files.readAllBytes(dir.resolve("job-42-2.out")));
        assertEquals("/bin/dd took 7 bytes of b.txt", task.lastMessage());
    }

    @Test
    void jobValuesArriveAsSingleArgumentsAndInTheEnvironmentAndNoShellReadsThem() throws Exception {
        Path args = dir.resolve("args");
        Path pwned = dir.resolve("pwned");
        String evil = "$(touch " + pwned + ") `touch " + pwned + "`; touch " + pwned + " \"q\" 'x'\n-rf *";
        ScriptedTask task = new ScriptedTask().name(evil).owner("--help").copies(3)
                .document("r\u0000.pdf", "application/pdf", new byte[10]);

        device(cmd(SH, "-c", "printf '%s\\0' \"$@\" \"$PRINTHUB_NAME\" \"$PRINTHUB_COPIES\" > " + args
                + "; cat > /dev/null", "script", "{name}", "--user={owner}", "{copies}", "{document}", "{format}",
                "{sides}", "{pages}", "{device}")).print(task);

        List<String> received = Arrays.asList(Files.readString(args).split("\0"));
        String cleanName = "$(touch " + pwned + ") `touch " + pwned + "`; touch " + pwned + " \"q\" 'x' -rf *";
        assertEquals(List.of(cleanName, "--user=help", "3", "r .pdf", "application/pdf", "one-sided", "", "office",
                cleanName, "3"), received);
        assertFalse(Files.exists(pwned));
    }

    @Test
    void runsInTheConfiguredDirectory() throws Exception {
        device(cmd("/bin/dd of=copy status=none"), "workingDirectory", dir.toString()).print(oneDocument());

        assertEquals("hello\n", Files.readString(dir.resolve("copy")));
    }

    @Test
    void splitsAOneLineCommandIntoWordsWithQuotes() {
        assertEquals(List.of("/usr/bin/lp", "-d", "office", "-t", "{name}", "-o", "a b", "it's"),
                CommandLine.split(" /usr/bin/lp  -d office -t {name} -o 'a b' \"it's\""));
        assertEquals(List.of("x", ""), CommandLine.split("x ''"));
    }

    @Test
    void aMissingCommandStopsTheJobRetryablyAndSaysWhy() {
        DeviceException e = assertThrows(DeviceException.class,
                () -> device(cmd("/nonexistent/bin/lpr -P office")).print(oneDocument()));

        assertTrue(e.retryable());
        assertEquals("other", e.reason());
        assertEquals("cannot run /nonexistent/bin/lpr: No such file or directory", e.getMessage());
    }

    @Test
    void aFailingCommandStopsTheJobWithItsLastOutputLine() {
        DeviceException e = assertThrows(DeviceException.class, () -> device(cmd(SH, "-c",
                "cat > /dev/null; echo starting; echo 'printer on fire' >&2; exit 3")).print(oneDocument()));

        assertTrue(e.retryable());
        assertEquals("/bin/sh exited with 3: printer on fire", e.getMessage());
    }

    @Test
    void anAbortExitCodeAbortsTheJob() {
        DeviceException e = assertThrows(DeviceException.class, () -> device(cmd(SH, "-c",
                "cat > /dev/null; echo 'not a PDF' >&2; exit 65"), "abortExitCodes", new int[] { 65 }).print(oneDocument()));

        assertFalse(e.retryable());
        assertEquals("document-format-error", e.reason());
    }

    @Test
    void aCommandThatNeitherReadsNorEndsIsKilledAtItsTimeoutWithWhatItStarted() throws Exception {
        Path pids = dir.resolve("pids");
        ScriptedTask task = new ScriptedTask().document("big.pdf", "application/pdf", ScriptedTask.randomBytes(8 << 20, 2));
        long start = System.nanoTime();

        DeviceException e = assertThrows(DeviceException.class, () -> device(cmd(SH, "-c",
                "sleep 60 & echo $$ $! > " + pids + "; wait"), "timeoutSeconds", 1).print(task));

        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 8);
        assertTrue(e.retryable());
        assertEquals("timed-out", e.reason());
        assertEquals("/bin/sh did not finish in 1 s and was killed", e.getMessage());
        assertAllGone(pids);
    }

    @Test
    void aCancelKillsTheCommandAtOnce() throws Exception {
        Path pids = dir.resolve("pids");
        CommandDevice device = device(cmd(SH, "-c", "sleep 60 & echo $$ $! > " + pids + "; wait"), "timeoutSeconds", 60);
        CompletableFuture<Thread> printer = new CompletableFuture<>();
        Future<?> printing = threads.submit(() -> {
            printer.complete(Thread.currentThread());
            device.print(oneDocument());
            return null;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(pids) && Files.readString(pids).endsWith("\n")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        printer.get().interrupt();

        ExecutionException e = assertThrows(ExecutionException.class, () -> printing.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof InterruptedException, e.getCause().toString());
        assertAllGone(pids);
    }

    @Test
    void aCommandThatTakesNoInputStillPrints() throws Exception {
        ScriptedTask task = new ScriptedTask().document("big.pdf", "application/pdf", ScriptedTask.randomBytes(4 << 20, 3));

        device(cmd("/bin/true")).print(task);

        assertTrue(task.lastMessage().startsWith("/bin/true took "), task.lastMessage());
    }

    @Test
    void anUnreadableDocumentAbortsTheJobAndKillsTheCommand() throws Exception {
        Path pids = dir.resolve("pids");
        ScriptedTask task = oneDocument();
        task.failReading = new IOException("spool file gone");

        DeviceException e = assertThrows(DeviceException.class, () -> device(cmd(SH, "-c",
                "echo $$ > " + pids + "; cat > " + dir.resolve("out") + "; touch " + dir.resolve("printed"))).print(task));

        assertFalse(e.retryable());
        assertEquals("document-access-error", e.reason());
        assertFalse(Files.exists(dir.resolve("printed")), "the command did not go on to print");
    }

    @Test
    void refusesABadConfigurationWithItsReason() {
        assertEquals("command is required: the program to run and its arguments",
                assertThrows(IllegalArgumentException.class, () -> device(cmd())).getMessage());
        assertEquals("the program name may hold no token: '/usr/bin/{name}'",
                assertThrows(IllegalArgumentException.class, () -> device(cmd("/usr/bin/{name} x"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> device(cmd("/bin/lp {jobname}")))
                .getMessage().startsWith("unknown token {jobname} in command argument '{jobname}'; known: "));
        assertThrows(IllegalArgumentException.class, () -> device(cmd("/bin/lp -t 'unclosed")));
        assertThrows(IllegalArgumentException.class, () -> device(cmd("/bin/cat"), "timeoutSeconds", 0));
        assertThrows(IllegalArgumentException.class, () -> device(cmd("/bin/cat"), "abortExitCodes", new int[] { 0 }));
    }

    private static ScriptedTask oneDocument() {
        return new ScriptedTask().document("a.txt", "text/plain", "hello\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** The shell and the sleep it started, whose pids it wrote, are no longer running. */
    private static void assertAllGone(Path pids) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (String pid : Files.readString(pids).trim().split(" ")) {
            while (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false),
                    "process " + pid + " still runs");
        }
    }
}
