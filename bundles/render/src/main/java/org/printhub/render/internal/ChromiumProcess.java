package org.printhub.render.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.printhub.render.RenderException;
import org.printhub.render.RenderException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One headless Chromium with a fresh profile directory, listening for DevTools on a port it picks itself.
 *
 * <p>The browser must not outlive the server, even one killed with SIGKILL (no shutdown hook runs then). It is
 * started through util-linux's {@code setpriv --pdeathsig KILL}, which sets {@code PR_SET_PDEATHSIG} and then
 * executes Chromium in the same process: the kernel kills the browser when the thread that started it ends, and
 * the browser's own helpers (zygote, renderers) exit when it does. The caller must start it from a thread that
 * lives as long as the browser should.
 */
final class ChromiumProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChromiumProcess.class);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final String PROFILE_PREFIX = "printhub-chromium-";
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final Process process;
    private final Path profile;
    private final URI browserEndpoint;

    /**
     * The browser is a process of its own and outlives the JVM unless stopped: when the server exits without its
     * bundles being stopped first (a slow framework shutdown cut short, System.exit), this still stops it.
     */
    private final Thread stopAtExit;

    private ChromiumProcess(Process process, Path profile, URI browserEndpoint) {
        this.process = process;
        this.profile = profile;
        this.browserEndpoint = browserEndpoint;
        this.stopAtExit = new Thread(() -> stop(process, profile), "printhub-chromium-exit");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    static ChromiumProcess start(Path executable, long startTimeoutMillis) throws RenderException,
            InterruptedException {
        if (!Files.isExecutable(executable)) {
            throw new RenderException(Reason.UNAVAILABLE, "Chromium is not installed at " + executable);
        }
        removeAbandonedProfiles();
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL"));
        } else {
            LOG.warn("{} is missing (util-linux): a Chromium started now outlives the server if it is killed", SETPRIV);
        }
        command.add(executable.toString());
        Path profile;
        Process process;
        try {
            profile = Files.createTempDirectory(PROFILE_PREFIX);
            command.addAll(List.of("--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                    "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                    "about:blank"));
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new RenderException(Reason.UNAVAILABLE, "cannot start Chromium at " + executable, e);
        }
        CompletableFuture<URI> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> readErrors(process, endpoint), "chromium-stderr-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            URI uri = endpoint.get(startTimeoutMillis, TimeUnit.MILLISECONDS);
            LOG.info("Chromium started (pid {}), DevTools at {}", process.pid(), uri.getAuthority());
            return new ChromiumProcess(process, profile, uri);
        } catch (ExecutionException | TimeoutException e) {
            stop(process, profile);
            throw new RenderException(Reason.UNAVAILABLE, "Chromium at " + executable
                    + " did not open DevTools within " + startTimeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            stop(process, profile);
            throw e;
        }
    }

    /**
     * Removes the profile directories of browsers that are gone without cleaning up (their server was killed):
     * Chromium's {@code SingletonLock} link names {@code host-pid}, and a directory whose pid no longer runs is
     * left over. Directories without the link may be starting right now and are kept.
     */
    private static void removeAbandonedProfiles() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PROFILE_PREFIX + "*")) {
            for (Path dir : dirs) {
                Path lock = dir.resolve("SingletonLock");
                if (!Files.isSymbolicLink(lock)) {
                    continue;
                }
                String owner = Files.readSymbolicLink(lock).toString();
                String pid = owner.substring(owner.lastIndexOf('-') + 1);
                if (pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
                        && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    LOG.info("removing {}, left by a browser that is gone", dir);
                    deleteTree(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not look for abandoned browser profiles in {}", tmp, e);
        }
    }

    /** Reads stderr to its end: the DevTools line once, the rest to the debug log (an unread pipe would block). */
    private static void readErrors(Process process, CompletableFuture<URI> endpoint) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (!endpoint.isDone() && m.find()) {
                    endpoint.complete(URI.create(m.group(1)));
                } else {
                    LOG.debug("chromium: {}", line);
                }
            }
        } catch (IOException e) {
            LOG.debug("chromium stderr closed", e);
        } finally {
            endpoint.completeExceptionally(new IOException("Chromium exited with " + exitCode(process)));
        }
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "no exit yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    URI browserEndpoint() {
        return browserEndpoint;
    }

    /** The endpoint of one page target. */
    URI pageEndpoint(String targetId) {
        return URI.create("ws://" + browserEndpoint.getAuthority() + "/devtools/page/" + targetId);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path profile() {
        return profile;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
        stop(process, profile);
    }

    private static void stop(Process process, Path profile) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not remove {}", dir, e);
        }
    }
}
