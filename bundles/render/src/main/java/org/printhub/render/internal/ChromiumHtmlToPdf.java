package org.printhub.render.internal;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.printhub.render.HtmlSource;
import org.printhub.render.HtmlToPdf;
import org.printhub.render.RenderException;
import org.printhub.render.RenderException.Reason;
import org.printhub.render.RenderResult;
import org.printhub.render.RenderSettings;
import org.printhub.render.UrlFetcher;
import org.printhub.render.UrlFetcher.FetchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * HTML to PDF in headless Chromium. Each document gets its own browser context (no cookies or cache shared
 * between jobs) and page; every request the page makes is paused and checked against the {@link UrlFetcher}'s
 * network rules before Chromium may send it. Given HTML is served to the page as the answer to its first request.
 * The browser is started on the first document and reused, unless {@link RenderConfig#browserPerDocument()}.
 */
final class ChromiumHtmlToPdf implements HtmlToPdf, AutoCloseable {
    /** The URL given HTML is read as when it comes without one; .invalid never resolves (RFC 2606). */
    static final URI NO_BASE = URI.create("http://document.printhub.invalid/");

    private static final Logger LOG = LoggerFactory.getLogger(ChromiumHtmlToPdf.class);
    private static final int STREAM_CHUNK = 1 << 20;

    private final UrlFetcher fetcher;
    private final String configuredPath;
    private final boolean browserPerDocument;
    private final RenderLimits limits;
    /** For the DevTools endpoints; made at the first document, as building one loads the whole TLS stack. */
    private HttpClient http;
    private final ExecutorService checks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "render-request-check");
        t.setDaemon(true);
        return t;
    });
    private final Object browserLock = new Object();
    private ChromiumProcess browser;
    private DevToolsConnection browserConnection;
    private volatile String version = "chromium";
    private final AtomicInteger starts = new AtomicInteger();
    /**
     * Browsers are started from this one thread, which lives as long as the renderer: the browser gets a signal
     * when the thread that started it ends (PR_SET_PDEATHSIG follows the thread, not the process), so it must
     * not be a job's thread, which may end long before the server does.
     */
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "render-chromium-launcher");
        t.setDaemon(true);
        return t;
    });

    ChromiumHtmlToPdf(UrlFetcher fetcher, RenderConfig config) {
        this.fetcher = fetcher;
        this.configuredPath = config.chromiumPath();
        this.browserPerDocument = config.browserPerDocument();
        this.limits = new RenderLimits(config);
    }

    /**
     * The Chromium to run: {@code configured} if it is given (and executable), else the first of the usual names
     * found on the {@code PATH}.
     */
    static Optional<Path> locate(String configured) {
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured.trim());
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String searchPath = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")) {
            for (String dir : searchPath.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        synchronized (browserLock) {
            stopBrowser();
        }
        checks.shutdownNow();
        launcher.shutdownNow();
    }

    /** The running browser's profile directory (what its processes' command lines name), if one runs. */
    Optional<Path> browserProfile() {
        synchronized (browserLock) {
            return browser == null ? Optional.empty() : Optional.of(browser.profile());
        }
    }

    /** How many times a browser was started: once, unless one died. */
    int browserStarts() {
        return starts.get();
    }

    @Override
    public String name() {
        return version;
    }

    @Override
    public RenderResult render(HtmlSource source, RenderSettings settings, OutputStream pdf)
            throws RenderException, InterruptedException {
        long deadline = limits.admit();
        Path raw = null;
        try {
            raw = Files.createTempFile("printhub-render-", ".pdf");
            DevToolsConnection browserSide = browser();
            printInNewContext(browserSide, source, settings, raw, deadline);
            return RenderedPdf.finish(raw, settings, limits.maxPages(), version, null, pdf);
        } catch (IOException e) {
            throw new RenderException(Reason.UNAVAILABLE, "cannot write the rendered PDF: " + e.getMessage(), e);
        } finally {
            if (browserPerDocument) {
                synchronized (browserLock) {
                    stopBrowser();
                }
            }
            limits.release();
            if (raw != null) {
                try {
                    Files.deleteIfExists(raw);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    private DevToolsConnection browser() throws RenderException, InterruptedException {
        synchronized (browserLock) {
            if (browser != null && browser.isAlive() && browserConnection != null && browserConnection.isOpen()) {
                return browserConnection;
            }
            stopBrowser();
            Path executable = locate(configuredPath).orElseThrow(() -> new RenderException(Reason.UNAVAILABLE,
                    "Chromium is not installed" + (configuredPath.isBlank() ? "" : " at " + configuredPath)));
            long startTimeout = Math.min(limits.timeout().toMillis(), 30_000);
            Future<ChromiumProcess> started = launcher.submit(() -> ChromiumProcess.start(executable, startTimeout));
            try {
                browser = started.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RenderException r) {
                    throw r;
                }
                throw new RenderException(Reason.UNAVAILABLE, "cannot start Chromium: " + e.getCause(), e);
            } catch (InterruptedException e) {
                started.cancel(true);
                throw e;
            } catch (RejectedExecutionException e) {
                throw new RenderException(Reason.UNAVAILABLE, "the renderer is stopping");
            }
            starts.incrementAndGet();
            try {
                browserConnection = DevToolsConnection.open(http(), browser.browserEndpoint(), Duration.ofSeconds(10));
                JsonObject v = browserConnection.call("Browser.getVersion", null,
                        System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
                String product = v.has("product") ? v.get("product").getAsString() : "";
                version = "chromium " + product.replaceFirst("^[^/]*/", "");
            } catch (RenderException e) {
                stopBrowser();
                throw e;
            }
            return browserConnection;
        }
    }

    private void stopBrowser() {
        if (browserConnection != null) {
            browserConnection.close();
            browserConnection = null;
        }
        if (browser != null) {
            LOG.info("stopping Chromium (pid {})", browser.pid());
            browser.close();
            browser = null;
        }
    }

    private void printInNewContext(DevToolsConnection browserSide, HtmlSource source, RenderSettings settings,
            Path raw, long deadline) throws RenderException, InterruptedException, IOException {
        JsonObject context = browserSide.call("Target.createBrowserContext", null, deadline);
        String contextId = context.get("browserContextId").getAsString();
        try {
            JsonObject create = new JsonObject();
            create.addProperty("url", "about:blank");
            create.addProperty("browserContextId", contextId);
            String targetId = browserSide.call("Target.createTarget", create, deadline).get("targetId").getAsString();
            try (DevToolsConnection page = DevToolsConnection.open(http(), browser.pageEndpoint(targetId),
                    Duration.ofSeconds(10))) {
                print(page, source, settings, raw, deadline);
            } finally {
                JsonObject close = new JsonObject();
                close.addProperty("targetId", targetId);
                browserSide.send("Target.closeTarget", close);
            }
        } finally {
            JsonObject dispose = new JsonObject();
            dispose.addProperty("browserContextId", contextId);
            browserSide.send("Target.disposeBrowserContext", dispose);
        }
    }

    private void print(DevToolsConnection page, HtmlSource source, RenderSettings settings, Path raw, long deadline)
            throws RenderException, InterruptedException, IOException {
        URI documentUrl = source.url().orElse(NO_BASE);
        if (source.html().isEmpty()) {
            try {
                fetcher.check(documentUrl);
            } catch (FetchException e) {
                throw new RenderException(Reason.FETCH_FAILED, e.getMessage(), e);
            }
        }
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        AtomicReference<String> refusal = new AtomicReference<>();
        AtomicBoolean documentServed = new AtomicBoolean(source.html().isEmpty());
        page.on("Page.loadEventFired", p -> loaded.complete(null));
        page.closed().thenRun(() -> loaded.completeExceptionally(
                new RenderException(Reason.UNAVAILABLE, "Chromium closed the page")));
        page.on("Fetch.requestPaused", p -> checks.execute(() -> answerPausedRequest(page, p, source, documentUrl,
                documentServed, refusal)));
        JsonObject fetchEnable = new JsonObject();
        JsonArray patterns = new JsonArray();
        JsonObject all = new JsonObject();
        all.addProperty("urlPattern", "*");
        all.addProperty("requestStage", "Request");
        patterns.add(all);
        fetchEnable.add("patterns", patterns);
        page.call("Fetch.enable", fetchEnable, deadline);
        page.call("Page.enable", null, deadline);

        JsonObject navigate = new JsonObject();
        navigate.addProperty("url", documentUrl.toString());
        JsonObject navigated = page.call("Page.navigate", navigate, deadline);
        if (navigated.has("errorText") && !navigated.get("errorText").getAsString().isEmpty()) {
            String why = refusal.get();
            throw new RenderException(Reason.FETCH_FAILED, why != null ? why
                    : "cannot load " + documentUrl + ": " + navigated.get("errorText").getAsString());
        }
        try {
            loaded.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RenderException(Reason.TIMEOUT, "the page did not finish loading within "
                    + limits.timeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new RenderException(Reason.UNAVAILABLE, "Chromium failed loading the page", e.getCause());
        }
        if (!settings.jobTitle().isEmpty()) {
            JsonObject title = new JsonObject();
            title.addProperty("expression", "document.title = " + jsonString(settings.jobTitle()));
            page.call("Runtime.evaluate", title, deadline);
        }
        JsonObject printed = page.call("Page.printToPDF", PrintToPdfParams.of(settings), deadline);
        String stream = printed.get("stream").getAsString();
        try (OutputStream out = Files.newOutputStream(raw)) {
            JsonObject read = new JsonObject();
            read.addProperty("handle", stream);
            read.addProperty("size", STREAM_CHUNK);
            while (true) {
                JsonObject chunk = page.call("IO.read", read, deadline);
                String data = chunk.get("data").getAsString();
                boolean base64 = chunk.has("base64Encoded") && chunk.get("base64Encoded").getAsBoolean();
                out.write(base64 ? Base64.getDecoder().decode(data) : data.getBytes(StandardCharsets.ISO_8859_1));
                if (chunk.has("eof") && chunk.get("eof").getAsBoolean()) {
                    break;
                }
            }
        } finally {
            JsonObject close = new JsonObject();
            close.addProperty("handle", stream);
            page.send("IO.close", close);
        }
    }

    /**
     * Serves given HTML as the page's first document; lets any other request go only if the network rules allow
     * its URL, with the job's cookie added for the document's host.
     */
    private void answerPausedRequest(DevToolsConnection page, JsonObject paused, HtmlSource source, URI documentUrl,
            AtomicBoolean documentServed, AtomicReference<String> refusal) {
        String requestId = paused.get("requestId").getAsString();
        JsonObject request = paused.getAsJsonObject("request");
        String url = request.get("url").getAsString();
        JsonObject answer = new JsonObject();
        answer.addProperty("requestId", requestId);
        if (source.html().isPresent() && "Document".equals(string(paused, "resourceType"))
                && documentServed.compareAndSet(false, true)) {
            answer.addProperty("responseCode", 200);
            JsonArray headers = new JsonArray();
            headers.add(header("Content-Type", "text/html; charset=utf-8"));
            answer.add("responseHeaders", headers);
            answer.addProperty("body",
                    Base64.getEncoder().encodeToString(source.html().get().getBytes(StandardCharsets.UTF_8)));
            page.send("Fetch.fulfillRequest", answer);
            return;
        }
        try {
            URI target = URI.create(url);
            fetcher.check(target);
            String cookie = source.cookie().orElse(null);
            if (cookie != null && documentUrl.getHost() != null
                    && documentUrl.getHost().equalsIgnoreCase(target.getHost())) {
                JsonArray headers = new JsonArray();
                for (var e : request.getAsJsonObject("headers").entrySet()) {
                    if (!e.getKey().equalsIgnoreCase("cookie")) {
                        headers.add(header(e.getKey(), e.getValue().getAsString()));
                    }
                }
                headers.add(header("Cookie", cookie));
                answer.add("headers", headers);
            }
            page.send("Fetch.continueRequest", answer);
        } catch (FetchException | IllegalArgumentException e) {
            LOG.debug("refused a request of a rendered page: {}", e.getMessage());
            if ("Document".equals(string(paused, "resourceType"))) {
                refusal.compareAndSet(null, e.getMessage());
            }
            answer.addProperty("errorReason", "AccessDenied");
            page.send("Fetch.failRequest", answer);
        }
    }

    private static JsonObject header(String name, String value) {
        JsonObject h = new JsonObject();
        h.addProperty("name", name);
        h.addProperty("value", value);
        return h;
    }

    private static String string(JsonObject o, String member) {
        JsonElement e = o.get(member);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    private static String jsonString(String text) {
        return new com.google.gson.JsonPrimitive(text).toString();
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newHttpClient();
        }
        return http;
    }
}
