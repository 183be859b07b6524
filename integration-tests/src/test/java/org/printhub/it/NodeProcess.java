package org.printhub.it;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Assume;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A node script of integration-tests/js-octoprint run as a child process: its standard output collected line by line
 * (JSON lines are parsed), its standard error kept in a file, its standard input open for the test's answers. Closing
 * it ends the whole process tree (a script's own children too), and closing its standard input makes every script
 * here exit on its own if the test dies first.
 */
final class NodeProcess implements AutoCloseable {
    /** integration-tests/js-octoprint, installed by {@code npm ci}. */
    static final Path SCRIPTS = Path.of(System.getProperty("printhub.it.jsOctoprint", "js-octoprint")).toAbsolutePath();

    private final String name;
    private final Process process;
    private final Writer input;
    private final Path errors;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private NodeProcess(String name, Process process, Path errors) {
        this.name = name;
        this.process = process;
        this.errors = errors;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        ProcessOutput.follow(process.getInputStream(), lines, name + "-output");
    }

    /**
     * Skips the calling test (a JUnit assumption, with the reason) when node is not installed; fails it when node is
     * there but the npm packages are not.
     */
    static void assumeNodeAndPackages() {
        String version;
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Assume.assumeTrue("node does not run: " + version, p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0);
        } catch (IOException | InterruptedException e) {
            Assume.assumeNoException("node is not installed; the OctoPrint client tests need node 20 and npm", e);
            return;
        }
        Matcher major = Pattern.compile("^v(\\d+)\\.").matcher(version);
        if (!major.find() || Integer.parseInt(major.group(1)) < 20) {
            throw new AssertionError("node " + version + " is too old: FDM Monster 1.9 needs node 20 or newer");
        }
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/@fdm-monster/server"))
                || !Files.isDirectory(SCRIPTS.resolve("node_modules/@jamesgopsill/octoprint-client"))) {
            throw new AssertionError("node " + version + " is installed but " + SCRIPTS
                    + "/node_modules is not: run 'npm ci' there (scripts/test.sh does)");
        }
    }

    static NodeProcess start(String name, Path work, Map<String, String> environment, String... scriptAndArgs)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("node");
        for (String a : scriptAndArgs) {
            cmd.add(a);
        }
        Path errors = work.resolve(name + ".stderr");
        ProcessBuilder b = new ProcessBuilder(cmd).directory(SCRIPTS.toFile())
                .redirectError(ProcessBuilder.Redirect.to(errors.toFile()));
        b.environment().putAll(environment);
        return new NodeProcess(name, b.start(), errors);
    }

    List<String> lines() {
        return lines;
    }

    long pid() {
        return process.pid();
    }

    void send(String line) throws IOException {
        input.write(line + "\n");
        input.flush();
    }

    /** The first JSON line at or after {@code from} that has {@code key} (e.g. "listening"). */
    JsonObject awaitJson(String what, int from, String key, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            List<String> now = List.copyOf(lines);
            for (String l : now.subList(Math.min(from, now.size()), now.size())) {
                JsonObject o = json(l);
                if (o != null && o.has(key)) {
                    return o;
                }
            }
            if (!process.isAlive()) {
                Thread.sleep(200); // the last lines may still be on their way
                if (List.copyOf(lines).size() == now.size()) {
                    break;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError(name + ": no " + what + " (" + key + ") within " + timeoutMillis + " ms"
                + (process.isAlive() ? "" : ", exited with " + process.exitValue()) + "\n" + transcript());
    }

    /**
     * Waits for the script's next step (see lockstep.mjs) and returns it; its error step, or any other step than
     * the one expected, fails the test with the script's whole output.
     */
    JsonObject step(String expected, long timeoutMillis) throws InterruptedException {
        int from = stepsSeen;
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            List<String> now = List.copyOf(lines);
            for (int i = from; i < now.size(); i++) {
                JsonObject o = json(now.get(i));
                if (o == null || !o.has("step")) {
                    continue;
                }
                stepsSeen = i + 1;
                String step = o.get("step").getAsString();
                if (step.equals(expected)) {
                    return o;
                }
                throw new AssertionError(name + ": expected step '" + expected + "', got '" + step + "': " + o
                        + "\n" + transcript());
            }
            from = now.size();
            if (!process.isAlive() && List.copyOf(lines).size() == now.size()) {
                Thread.sleep(200);
                if (List.copyOf(lines).size() == now.size()) {
                    break;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError(name + ": no step '" + expected + "' within " + timeoutMillis + " ms"
                + (process.isAlive() ? "" : ", exited with " + process.exitValue()) + "\n" + transcript());
    }

    private int stepsSeen;

    /** What the script printed on both outputs, for a failure message. */
    String transcript() {
        String err;
        try {
            err = Files.readString(errors);
        } catch (IOException e) {
            err = "(no stderr: " + e + ")";
        }
        return "--- " + name + " stdout:\n" + String.join("\n", lines) + "\n--- " + name + " stderr:\n"
                + (err.length() > 20_000 ? err.substring(err.length() - 20_000) : err);
    }

    boolean exited(long timeoutMillis) throws InterruptedException {
        return process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    static JsonObject json(String line) {
        String t = line.trim();
        if (!t.startsWith("{")) {
            return null;
        }
        try {
            return JsonParser.parseString(t).getAsJsonObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Ends the process and every process it started (children first, so none is re-parented and left behind). */
    @Override
    public void close() throws InterruptedException {
        try {
            Files.write(errors.resolveSibling(name + ".stdout"), List.copyOf(lines)); // kept beside the server's log
        } catch (IOException e) {
            System.err.println("cannot keep " + name + "'s output: " + e);
        }
        try {
            input.close(); // each script exits when its input ends
        } catch (IOException e) {
            // already gone
        }
        if (process.waitFor(3, TimeUnit.SECONDS) && process.descendants().findAny().isEmpty()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
        for (ProcessHandle h : tree) {
            h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> h).join();
        }
    }
}
