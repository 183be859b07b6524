package org.printhub.render.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.printhub.render.HtmlSource;
import org.printhub.render.RenderException;
import org.printhub.render.RenderResult;
import org.printhub.render.RenderSettings;

/** Which renderer the service uses: Chromium where it exists, the Java renderer otherwise, or the forced one. */
@Timeout(120)
class SelectingHtmlToPdfTest {
    private static final HttpUrlFetcher FETCHER = new HttpUrlFetcher(TestConfigs.fetch(1 << 20, 5, 3));

    private static RenderResult renderWith(String renderer, String chromium) throws Exception {
        SelectingHtmlToPdf service = new SelectingHtmlToPdf(FETCHER,
                TestConfigs.render(renderer, chromium, false, 30, 10));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RenderResult r = service.render(HtmlSource.html("<p>chosen</p>", null, null),
                    RenderSettings.builder().build(), out);
            assertEquals(r.renderer(), service.name());
            assertTrue(out.size() > 0);
            return r;
        } finally {
            service.deactivate();
        }
    }

    @Test
    void withoutChromiumTheJavaRendererPrints() throws Exception {
        assertEquals(JavaHtmlToPdf.NAME, renderWith("auto", "/nonexistent/chromium").renderer());
        assertEquals(JavaHtmlToPdf.NAME, renderWith("java", "/usr/bin/chromium").renderer());
    }

    @Test
    void chromiumWhereItIsInstalled() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "Chromium is not installed");
        assertTrue(renderWith("auto", "/usr/bin/chromium").renderer().startsWith("chromium "));
        assertTrue(ChromiumHtmlToPdf.locate("").isPresent(), "not found on the PATH");
    }

    @Test
    void forcedChromiumThatIsMissingFailsClearly() {
        SelectingHtmlToPdf service = new SelectingHtmlToPdf(FETCHER,
                TestConfigs.render("chromium", "/nonexistent/chromium", false, 30, 10));
        RenderException e = assertThrows(RenderException.class, () -> service.render(
                HtmlSource.html("<p>x</p>", null, null), RenderSettings.builder().build(),
                OutputStream.nullOutputStream()));
        assertEquals(RenderException.Reason.UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("/nonexistent/chromium"), e.getMessage());
        service.deactivate();
    }
}
