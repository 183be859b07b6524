package org.printhub.it;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** printhub.jar run as a user runs it, its console on stdin, its output collected line by line. */
final class PrinthubProcess implements AutoCloseable {
    private final Process process;
    private final Writer console;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** The API surfaces' listener names: each gets any free port unless a test says otherwise. */
    static final List<String> SURFACES = List.of("scriptx", "octoprint", "myq", "cirrus");
    private final Path log;

    private PrinthubProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.console = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        ProcessOutput.follow(process.getInputStream(), lines, "printhub-output");
    }

    static PrinthubProcess start(Path work, String... extraProperties) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-Dprinthub.data=" + work.resolve("data"));
        cmd.add("-Dfelix.fileinstall.dir=" + work.resolve("deploy"));
        cmd.add("-Dprinthub.http.port=0");
        cmd.add("-Dprinthub.shell.port=0");
        for (String surface : SURFACES) {
            cmd.add("-Dprinthub." + surface + ".port=0"); // a test may override it with extraProperties
        }
        cmd.add("-Dgosh.args=--noshutdown");
        for (String p : extraProperties) {
            cmd.add("-D" + p);
        }
        cmd.add("-jar");
        cmd.add(PrinthubOptions.printhubJar().toString());
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        return new PrinthubProcess(p, work.resolve("printhub-" + p.pid() + ".log"));
    }

    void command(String line) throws IOException {
        console.write(line + "\n");
        console.flush();
    }

    List<String> lines() {
        return lines;
    }

    /** The server's process id, for jcmd, ss and /proc. */
    long pid() {
        return process.pid();
    }

    /**
     * Gives a console command until its answer appears: the console takes commands before every bundle has
     * registered its own (the job service starts once the store is open).
     */
    void commandUntil(String line, String what, long timeoutMillis, Predicate<String> answer)
            throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            command(line);
            try {
                await(what, 1, 1_000, answer);
                return;
            } catch (AssertionError e) {
                if (System.currentTimeMillis() > end) {
                    throw e;
                }
            }
        }
    }

    /**
     * Gives a console command (again each second, as {@link #commandUntil} does) until a line printed after it
     * matches, and returns that line: for answers that earlier output could also match.
     */
    String awaitCommand(String line, String what, long timeoutMillis, Predicate<String> answer)
            throws IOException, InterruptedException {
        int from = lines.size();
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end && process.isAlive()) {
            command(line);
            long next = System.currentTimeMillis() + 1_000;
            while (System.currentTimeMillis() < next) {
                List<String> now = List.copyOf(lines); // a sub-list of the live list fails when it grows
                for (String l : now.subList(from, now.size())) {
                    if (answer.test(l)) {
                        return l;
                    }
                }
                Thread.sleep(50);
            }
        }
        List<String> since = List.copyOf(lines);
        throw new AssertionError("no answer to '" + line + "' (" + what + "); output since:\n"
                + String.join("\n", since.subList(from, since.size())));
    }

    /** Waits until at least {@code count} output lines match. */
    List<String> await(String what, int count, long timeoutMillis, Predicate<String> match)
            throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        List<String> hits = new ArrayList<>();
        while (System.currentTimeMillis() < end) {
            hits.clear();
            for (String l : lines) {
                if (match.test(l)) {
                    hits.add(l);
                }
            }
            if (hits.size() >= count) {
                return hits;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        List<String> seen = List.copyOf(lines); // a sub-list of the live list fails when it grows
        throw new AssertionError("waited for " + count + " x " + what + ", saw " + hits.size() + "; output:\n"
                + String.join("\n", seen.subList(0, Math.min(40, seen.size()))) + "\n...\n"
                + String.join("\n", seen.subList(Math.max(0, seen.size() - 40), seen.size())));
    }

    List<Matcher> await(String what, int count, long timeoutMillis, Pattern pattern) throws InterruptedException {
        List<Matcher> matchers = new ArrayList<>();
        for (String l : await(what, count, timeoutMillis, l -> pattern.matcher(l).find())) {
            Matcher m = pattern.matcher(l);
            m.find();
            matchers.add(m);
        }
        return matchers;
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    /** Stops the server (kill -9 if it does not stop within 20 s) and keeps its output beside its data. */
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill9();
            }
        }
        try {
            java.nio.file.Files.write(log, lines);
        } catch (IOException e) {
            System.err.println("cannot keep the server's output in " + log + ": " + e);
        }
    }
}
