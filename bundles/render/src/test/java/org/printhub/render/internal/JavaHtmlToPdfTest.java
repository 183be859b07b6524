package org.printhub.render.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.render.HtmlSource;
import org.printhub.render.RenderException;
import org.printhub.render.RenderException.Reason;
import org.printhub.render.RenderResult;
import org.printhub.render.RenderSettings;


/**
 * The pure-Java renderer on a real loopback site: every kind of source, the print settings in the output (pages,
 * text by PDFBox and by poppler's pdftotext, paper, colour), and the fetch rules for the resources it loads.
 */
@Timeout(120)
class JavaHtmlToPdfTest {
    private static final String THREE_PAGES = "<p>one</p><p style='page-break-before:always'>two</p>"
            + "<p style='page-break-before:always'>three</p>";
    private static TestSite site;
    /** Loopback allowed, as a site on the intranet would be. */
    private static JavaHtmlToPdf renderer;
    /** The default rules: public addresses only. */
    private static JavaHtmlToPdf strict;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        site = new TestSite(Map.of("/page.html", new String[] { "text/html", "<html><head><title>Served</title>"
                + "<link rel=stylesheet href=s.css></head><body><h1>From the site</h1><p class=styled>styled</p>"
                + "<img src='http://169.254.169.254/x.png'></body></html>" },
                "/s.css", new String[] { "text/css", ".styled{page-break-before:always}" },
                "/picture.pdf", new String[] { "application/pdf", "%PDF-1.4 not html" }));
        renderer = new JavaHtmlToPdf(new HttpUrlFetcher(TestConfigs.fetch(1 << 20, 5, 3, "127.0.0.1")),
                TestConfigs.render("java", "", false, 3, 20));
        strict = new JavaHtmlToPdf(new HttpUrlFetcher(TestConfigs.fetch(1 << 20, 5, 3)),
                TestConfigs.render("java", "", false, 10, 20));
    }

    @AfterAll
    static void stop() {
        if (renderer != null) {
            renderer.close();
            strict.close();
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

    /** poppler's reading of the file, not only PDFBox's own. */
    private String pdftotext(byte[] pdf) throws Exception {
        Path file = tmp.resolve("out.pdf");
        Files.write(file, pdf);
        Process p = new ProcessBuilder("pdftotext", "-layout", file.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void htmlTextWithHeaderFooterCodesRangeAndTitle() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RenderResult r = renderer.render(HtmlSource.html(THREE_PAGES, null, null), RenderSettings.builder()
                .header("&w&bPage &p of &P&b&d &T").footer("&u && more &x").jobTitle("Quarterly")
                .documentUrl("https://x.example/q").margins(20, 10, 20, 10).pageRanges("2-")
                .printedAt(Instant.parse("2026-03-04T17:05:00Z")).build(), out);
        assertEquals(2, r.pages());
        assertEquals(JavaHtmlToPdf.NAME, r.renderer());
        String text = pdftotext(out.toByteArray());
        assertTrue(text.contains("two") && text.contains("three") && !text.contains("one"), text);
        assertTrue(text.contains("Page 2 of 3") && text.contains("Page 3 of 3"), text);
        assertTrue(text.contains("Quarterly") && text.contains("https://x.example/q & more &x"), text);
        assertTrue(text.contains("3/4/26 17:05"), text);
        assertFalse(text.contains("&p") || text.contains("&P") || text.contains("&w") || text.contains("&b"), text);
        try (PDDocument d = Loader.loadPDF(out.toByteArray())) {
            assertEquals("Quarterly", d.getDocumentInformation().getTitle());
            assertEquals(595, d.getPage(0).getMediaBox().getWidth(), 1);
            assertEquals(842, d.getPage(0).getMediaBox().getHeight(), 1);
        }
    }

    @Test
    void theDocumentsOwnTitleServesAmpW() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(HtmlSource.html("<title>Own \"title\"</title><p>body</p>", null, null),
                RenderSettings.builder().footer("&b&w").build(), out);
        assertTrue(pdftotext(out.toByteArray()).contains("Own \"title\""));
    }

    @Test
    void urlPagesLoadTheirStyleSheetWithTheCookieAndNotTheMetadataAddress() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RenderResult r = renderer.render(HtmlSource.url(URI.create(site.url() + "/page.html"), "session=s3cret"),
                RenderSettings.builder().footer("&u").build(), out);
        String text = text(out.toByteArray());
        assertTrue(text.contains("From the site") && text.contains(site.url() + "/page.html"), text);
        // the style sheet's page break took effect: it was fetched and applied
        assertEquals(2, r.pages());
        assertTrue(site.requested().contains("/page.html cookie=session=s3cret"), site.requested().toString());
        assertTrue(site.requested().contains("/s.css cookie=session=s3cret"), site.requested().toString());
    }

    @Test
    void innerHtmlResolvesAgainstItsBase() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RenderResult r = renderer.render(HtmlSource.html("<link rel=stylesheet href='s.css?inner'>"
                + "<p>first</p><p class=styled>second</p>", URI.create(site.url() + "/dir/../"), "k=v"), RenderSettings
                        .builder().build(), out);
        assertEquals(2, r.pages());
        assertTrue(site.requested().contains("/s.css cookie=k=v"), site.requested().toString());
    }

    @Test
    void resourcesOnLoopbackPrivateOrOtherSchemesAreNeverFetched() throws Exception {
        site.requested().clear();
        String html = "<link rel=stylesheet href='" + site.url() + "/secret.css'>"
                + "<link rel=stylesheet href='http://10.255.255.1/internal.css'>"
                + "<link rel=stylesheet href='file:///etc/passwd'>"
                + "<img src='" + site.url() + "/secret.png'><img src='http://localhost:" + site.port()
                + "/by-name.png'><img src='file:///etc/hostname'><p>still printed</p>";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        strict.render(HtmlSource.html(html, URI.create("https://public.example/"), null),
                RenderSettings.builder().build(), out);
        assertTrue(text(out.toByteArray()).contains("still printed"));
        assertTrue(site.requested().isEmpty(), "fetched although refused: " + site.requested());
        RenderException page = assertThrows(RenderException.class, () -> strict.render(
                HtmlSource.url(URI.create(site.url() + "/page.html"), null), RenderSettings.builder().build(),
                OutputStream.nullOutputStream()));
        assertEquals(Reason.FETCH_FAILED, page.reason());
        assertTrue(site.requested().isEmpty(), site.requested().toString());
    }

    @Test
    void paperOrientationScaleAndBackgrounds() throws Exception {
        String coloured = "<body style='background:#c00000'><p>red page</p></body>";
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        renderer.render(HtmlSource.html(coloured, null, null), RenderSettings.builder().paper("Letter")
                .landscape(true).build(), plain);
        ByteArrayOutputStream withBackground = new ByteArrayOutputStream();
        renderer.render(HtmlSource.html(coloured, null, null), RenderSettings.builder().paper("Letter")
                .landscape(true).printBackground(true).scalePercent(50).build(), withBackground);
        PdfBoxDocuments facts = new PdfBoxDocuments();
        Path a = tmp.resolve("a.pdf");
        Path b = tmp.resolve("b.pdf");
        Files.write(a, plain.toByteArray());
        Files.write(b, withBackground.toByteArray());
        assertEquals(0, facts.facts(a).colorPages());
        assertEquals(1, facts.facts(b).colorPages());
        for (Path p : List.of(a, b)) {
            try (PDDocument d = Loader.loadPDF(p.toFile())) {
                assertEquals(792, d.getPage(0).getMediaBox().getWidth(), 1);
                assertEquals(612, d.getPage(0).getMediaBox().getHeight(), 1);
            }
        }
        assertTrue(pdftotext(withBackground.toByteArray()).contains("red page"));
        // at 50 % a long document takes about half the pages
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            lines.append("<p>line ").append(i).append("</p>");
        }
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        ByteArrayOutputStream half = new ByteArrayOutputStream();
        int fullPages = renderer.render(HtmlSource.html(lines.toString(), null, null),
                RenderSettings.builder().build(), full).pages();
        int halfPages = renderer.render(HtmlSource.html(lines.toString(), null, null),
                RenderSettings.builder().scalePercent(50).build(), half).pages();
        assertTrue(fullPages >= 4 && halfPages <= (fullPages + 1) / 2 + 1, fullPages + " / " + halfPages);
        assertTrue(text(half.toByteArray()).contains("line 149"));
    }

    @Test
    void oddPassKeepsWholeDocumentPageNumbers() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(HtmlSource.html(THREE_PAGES, null, null), RenderSettings.builder().footer("&p/&P")
                .pass(RenderSettings.Pass.ODD).build(), out);
        assertEquals(2, pages(out.toByteArray()));
        String text = text(out.toByteArray());
        assertTrue(text.contains("1/3") && text.contains("3/3") && !text.contains("2/3"), text);
    }

    @Test
    void failuresAreClearAndBounded() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            many.append("<p style='page-break-after:always'>").append(i).append("</p>");
        }
        RenderException cap = assertThrows(RenderException.class, () -> renderer.render(
                HtmlSource.html(many.toString(), null, null), RenderSettings.builder().build(),
                OutputStream.nullOutputStream()));
        assertEquals(Reason.TOO_MANY_PAGES, cap.reason());
        RenderException notHtml = assertThrows(RenderException.class, () -> renderer.render(
                HtmlSource.url(URI.create(site.url() + "/picture.pdf"), null), RenderSettings.builder().build(),
                OutputStream.nullOutputStream()));
        assertEquals(Reason.BAD_CONTENT, notHtml.reason());
        assertTrue(notHtml.getMessage().contains("application/pdf"), notHtml.getMessage());
        long start = System.nanoTime();
        RenderException slow = assertThrows(RenderException.class, () -> renderer.render(
                HtmlSource.html("<link rel=stylesheet href='hang.css'><p>x</p>", URI.create(site.url() + "/"), null),
                RenderSettings.builder().build(), OutputStream.nullOutputStream()));
        assertEquals(Reason.TIMEOUT, slow.reason());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }
}
