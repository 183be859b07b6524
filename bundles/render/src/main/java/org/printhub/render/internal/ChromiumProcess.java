package org.printhub.render.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** One headless Chromium with a fresh profile directory, listening for DevTools on a port it picks itself. */
final class ChromiumProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChromiumProcess.class);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

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

    static ChromiumProcess start(String executable, long startTimeoutMillis) throws RenderException,
            InterruptedException {
        if (!Files.isExecutable(Path.of(executable))) {
            throw new RenderException(Reason.UNAVAILABLE, "Chromium is not installed at " + executable);
        }
        Path profile;
        Process process;
        try {
            profile = Files.createTempDirectory("printhub-chromium-");
            process = new ProcessBuilder(List.of(executable, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                    "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                    "about:blank")).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not remove {}", profile, e);
        }
    }
}
