package org.printhub.render.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.render.UrlFetcher.FetchException;
import org.printhub.render.UrlFetcher.FetchException.Reason;
import org.printhub.render.UrlFetcher.Fetched;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The fetcher against a real HTTP server on loopback (allowed by the allow list, as an intranet would be). */
@Timeout(30)
class HttpUrlFetcherTest {
    private HttpServer server;
    private String base;
    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String cookie = x.getRequestHeaders().getFirst("Cookie");
        if (cookie != null) {
            cookies.put(path, cookie);
        }
        switch (path) {
        case "/doc.pdf" -> send(x, 200, "application/pdf; charset=binary", new byte[5000]);
        case "/big" -> send(x, 200, "application/octet-stream", new byte[20_000]);
        case "/chunked-big" -> {
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 40; i++) {
                    out.write(new byte[1000]);
                }
            }
        }
        case "/to-file" -> redirect(x, "file:///etc/passwd");
        case "/to-metadata" -> redirect(x, "http://169.254.169.254/latest/meta-data/");
        case "/to-doc" -> redirect(x, "/doc.pdf");
        case "/loop" -> redirect(x, "/loop");
        case "/missing" -> send(x, 404, "text/plain", "no".getBytes());
        case "/stall" -> {
            x.sendResponseHeaders(200, 100_000);
            x.getResponseBody().write(new byte[10]);
            x.getResponseBody().flush();
            await();
        }
        case "/silent" -> await();
        default -> send(x, 404, "text/plain", new byte[0]);
        }
    }

    private void await() {
        try {
            release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().set("Location", location);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private HttpUrlFetcher fetcher(long maxBytes, int timeout) {
        return new HttpUrlFetcher(TestConfigs.fetch(maxBytes, timeout, 3, "127.0.0.1"));
    }

    private FetchException fails(HttpUrlFetcher f, String path, Reason reason) {
        Path target = dir.resolve("out");
        FetchException e = assertThrows(FetchException.class, () -> f.fetch(URI.create(base + path), null, target));
        assertEquals(reason, e.reason(), e.getMessage());
        assertFalse(Files.exists(target), "nothing is left behind");
        return e;
    }

    @Test
    void fetchesFollowingCheckedRedirects() throws Exception {
        Path target = dir.resolve("doc.pdf");
        Fetched f = fetcher(10_000, 5).fetch(URI.create(base + "/to-doc"), "session=abc", target);
        assertEquals(5000, f.size());
        assertEquals(5000, Files.size(target));
        assertEquals("application/pdf", f.mimeType());
        assertEquals(base + "/doc.pdf", f.url().toString());
        assertEquals("session=abc", cookies.get("/doc.pdf"), "the cookie goes to the same host");
    }

    @Test
    void redirectsOutOfHttpOrIntoTheNetworkAreRefused() {
        HttpUrlFetcher f = fetcher(10_000, 5);
        assertTrue(fails(f, "/to-file", Reason.REFUSED).getMessage().contains("only http and https"));
        assertTrue(fails(f, "/to-metadata", Reason.REFUSED).getMessage().contains("link-local"));
        assertTrue(fails(f, "/loop", Reason.FAILED).getMessage().contains("redirects"));
    }

    @Test
    void loopbackIsRefusedWithoutTheAllowList() {
        HttpUrlFetcher f = new HttpUrlFetcher(TestConfigs.fetch(10_000, 5, 3));
        FetchException e = assertThrows(FetchException.class,
                () -> f.fetch(URI.create(base + "/doc.pdf"), null, dir.resolve("x")));
        assertEquals(Reason.REFUSED, e.reason());
        assertNull(cookies.get("/doc.pdf"));
    }

    @Test
    void sizeLimitByHeaderAndByCount() {
        HttpUrlFetcher f = fetcher(10_000, 5);
        fails(f, "/big", Reason.TOO_LARGE);
        fails(f, "/chunked-big", Reason.TOO_LARGE);
    }

    @Test
    void errorStatusFails() {
        assertTrue(fails(fetcher(10_000, 5), "/missing", Reason.FAILED).getMessage().contains("404"));
    }

    @Test
    void serversThatStallTimeOut() {
        HttpUrlFetcher f = fetcher(1_000_000, 1);
        fails(f, "/silent", Reason.TIMEOUT);
        fails(f, "/stall", Reason.TIMEOUT);
    }
}
