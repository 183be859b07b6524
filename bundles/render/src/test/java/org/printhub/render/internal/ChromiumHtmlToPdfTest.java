package org.printhub.render.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.printhub.render.HtmlSource;
import org.printhub.render.RenderException;
import org.printhub.render.RenderException.Reason;
import org.printhub.render.RenderResult;
import org.printhub.render.RenderSettings;


/** The real renderer: Debian's Chromium over DevTools, pages served from loopback. */
@Timeout(120)
class ChromiumHtmlToPdfTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static TestSite site;
    private static ChromiumHtmlToPdf renderer;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), "Chromium is not installed (scripts/test.sh installs it)");
        site = new TestSite(Map.of("/page.html", new String[] { "text/html", "<html><head><title>Served</title>"
                + "<link rel=stylesheet href=s.css></head><body><h1>From the site</h1>"
                + "<img src='http://169.254.169.254/x.png'></body></html>" },
                "/s.css", new String[] { "text/css", "h1{color:green}" }));
        renderer = new ChromiumHtmlToPdf(new HttpUrlFetcher(TestConfigs.fetch(1 << 20, 5, 3, "127.0.0.1")),
                TestConfigs.render(CHROMIUM, 10, 20));
    }

    @AfterAll
    static void stop() {
        if (renderer != null) {
            renderer.close();
        }
        if (site != null) {
            site.close();
        }
    }

    private static String text(byte[] pdf) throws IOException {
        return TestSite.text(pdf);
    }

    private static int pages(byte[] pdf) throws IOException {
        return TestSite.pages(pdf);
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
        renderer.render(HtmlSource.url(URI.create(site.url() + "/page.html"), "session=s3cret"), RenderSettings.builder()
                .build(), out);
        assertTrue(text(out.toByteArray()).contains("From the site"));
        assertTrue(site.requested().contains("/page.html cookie=session=s3cret"), site.requested().toString());
        assertTrue(site.requested().contains("/s.css cookie=session=s3cret"), site.requested().toString());
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
                HtmlSource.html("<img src='" + site.url() + "/hang.png'>", URI.create(site.url() + "/"), null),
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
