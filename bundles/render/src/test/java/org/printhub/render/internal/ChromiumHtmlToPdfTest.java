package org.printhub.render.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.printhub.render.HtmlSource;
import org.printhub.render.RenderException;
import org.printhub.render.RenderException.Reason;
import org.printhub.render.RenderResult;
import org.printhub.render.RenderSettings;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The real renderer: Debian's Chromium over DevTools, pages served from loopback. */
@Timeout(120)
class ChromiumHtmlToPdfTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static HttpServer server;
    private static String site;
    private static ChromiumHtmlToPdf renderer;
    private static final Set<String> requested = ConcurrentHashMap.newKeySet();
    private static final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), "Chromium is not installed (scripts/test.sh installs it)");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ChromiumHtmlToPdfTest::handle);
        server.start();
        site = "http://127.0.0.1:" + server.getAddress().getPort();
        renderer = new ChromiumHtmlToPdf(new HttpUrlFetcher(TestConfigs.fetch(1 << 20, 5, 3, "127.0.0.1")),
                TestConfigs.render(CHROMIUM, 10, 20));
    }

    @AfterAll
    static void stop() {
        release.countDown();
        if (renderer != null) {
            renderer.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private static void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        requested.add(path + (x.getRequestHeaders().containsKey("Cookie")
                ? " cookie=" + x.getRequestHeaders().getFirst("Cookie") : ""));
        byte[] body;
        String type = "text/html";
        switch (path) {
        case "/page.html" -> body = ("<html><head><title>Served</title><link rel=stylesheet href=s.css></head>"
                + "<body><h1>From the site</h1><img src='http://169.254.169.254/x.png'></body></html>").getBytes();
        case "/s.css" -> {
            body = "h1{color:green}".getBytes();
            type = "text/css";
        }
        case "/hang.png" -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            body = new byte[0];
        }
        default -> body = new byte[0];
        }
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(d);
        }
    }

    private static int pages(byte[] pdf) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return d.getNumberOfPages();
        }
    }

    @Test
    void htmlWithHeaderFooterRangeAndTitle() throws Exception {
        String html = "<p>one</p><p style='page-break-before:always'>two</p><p style='page-break-before:always'>three</p>";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RenderResult r = renderer.render(HtmlSource.html(html, null, null), RenderSettings.builder()
                .header("&w&bPage &p of &P").footer("&u").jobTitle("Quarterly").documentUrl("https://x.example/q")
                .margins(20, 10, 20, 10).pageRanges("2-").build(), out);
        assertEquals(2, r.pages());
        assertTrue(r.renderer().startsWith("chromium "), r.renderer());
        String text = text(out.toByteArray());
        assertTrue(text.contains("two") && text.contains("three") && !text.contains("one\n"), text);
        assertTrue(text.contains("Page 2 of 3") && text.contains("Page 3 of 3"), text);
        assertTrue(text.contains("Quarterly") && text.contains("https://x.example/q"), text);
        try (PDDocument d = Loader.loadPDF(out.toByteArray())) {
            assertEquals("Quarterly", d.getDocumentInformation().getTitle());
        }
    }

    @Test
    void oddPassAndLandscapeLetter() throws Exception {
        String html = "<p>1</p><p style='page-break-before:always'>2</p><p style='page-break-before:always'>3</p>";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(HtmlSource.html(html, null, null), RenderSettings.builder().paper("Letter").landscape(true)
                .pass(RenderSettings.Pass.ODD).build(), out);
        try (PDDocument d = Loader.loadPDF(out.toByteArray())) {
            assertEquals(2, d.getNumberOfPages());
            assertEquals(792, d.getPage(0).getMediaBox().getWidth(), 1);
            assertEquals(612, d.getPage(0).getMediaBox().getHeight(), 1);
        }
    }

    @Test
    void urlPagesLoadAllowedResourcesWithTheCookieAndNotOthers() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(HtmlSource.url(URI.create(site + "/page.html"), "session=s3cret"), RenderSettings.builder()
                .build(), out);
        assertTrue(text(out.toByteArray()).contains("From the site"));
        assertTrue(requested.contains("/page.html cookie=session=s3cret"), requested.toString());
        assertTrue(requested.contains("/s.css cookie=session=s3cret"), requested.toString());
    }

    @Test
    void refusedDocumentsAndPagesThatNeverLoadFail() {
        RenderException refused = assertThrows(RenderException.class, () -> renderer.render(
                HtmlSource.url(URI.create("http://169.254.169.254/"), null), RenderSettings.builder().build(),
                OutputStream.nullOutputStream()));
        assertEquals(Reason.FETCH_FAILED, refused.reason());
        RenderException file = assertThrows(RenderException.class, () -> renderer.render(
                HtmlSource.url(URI.create("file:///etc/passwd"), null), RenderSettings.builder().build(),
                OutputStream.nullOutputStream()));
        assertTrue(file.getMessage().contains("only http and https"), file.getMessage());
        RenderException slow = assertThrows(RenderException.class, () -> renderer.render(
                HtmlSource.html("<img src='" + site + "/hang.png'>", URI.create(site + "/"), null),
                RenderSettings.builder().build(), OutputStream.nullOutputStream()));
        assertEquals(Reason.TIMEOUT, slow.reason());
    }

    @Test
    void thePageCapHolds() {
        StringBuilder html = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            html.append("<p style='page-break-after:always'>").append(i).append("</p>");
        }
        RenderException e = assertThrows(RenderException.class, () -> renderer.render(
                HtmlSource.html(html.toString(), null, null), RenderSettings.builder().build(),
                OutputStream.nullOutputStream()));
        assertEquals(Reason.TOO_MANY_PAGES, e.reason());
    }

    @Test
    void oneBrowserServesManyDocuments() throws Exception {
        for (int i = 0; i < 3; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            renderer.render(HtmlSource.html("<p>doc " + i + "</p>", null, null), RenderSettings.builder().build(), out);
            assertEquals(1, pages(out.toByteArray()));
            assertTrue(new String(out.toByteArray(), 0, 5, StandardCharsets.ISO_8859_1).startsWith("%PDF-"));
        }
        assertEquals(1, renderer.browserStarts());
    }
}
