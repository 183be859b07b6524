package org.printhub.render.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.printhub.render.RenderException;
import org.printhub.render.RenderException.Reason;
import org.printhub.render.RenderResult;
import org.printhub.render.RenderSettings;

/**
 * What every renderer does to its raw PDF: the page cap, then the page ranges and the odd/even pass, cut
 * afterwards so that page numbers and {@code &P} stay those of the whole document, as ScriptX prints them.
 */
final class RenderedPdf {

    /** A change to the whole document before pages are cut (e.g. scaling); null for none. */
    interface Adjustment {
        void apply(PDDocument document) throws IOException;
    }

    private RenderedPdf() {
    }

    static RenderResult finish(Path raw, RenderSettings settings, int maxPages, String renderer,
            Adjustment adjustment, OutputStream out) throws RenderException, IOException {
        try (PDDocument document = PdfBoxDocuments.load(raw)) {
            int pages = document.getNumberOfPages();
            if (pages > maxPages) {
                throw new RenderException(Reason.TOO_MANY_PAGES,
                        "the document has " + pages + " pages, more than the cap of " + maxPages);
            }
            boolean allPages = settings.pageRanges().isEmpty() && settings.pass() == RenderSettings.Pass.ALL;
            if (allPages && adjustment == null) {
                Files.copy(raw, out);
                return new RenderResult(pages, renderer);
            }
            if (adjustment != null) {
                adjustment.apply(document);
            }
            int kept = allPages ? pages
                    : PdfBoxDocuments.keepPages(document, (page, count) -> (settings.pageRanges().isEmpty()
                            || settings.pageRanges().stream().anyMatch(r -> r.contains(page)))
                            && (settings.pass() == RenderSettings.Pass.ALL
                                    || (page % 2 == 1) == (settings.pass() == RenderSettings.Pass.ODD)));
            if (kept == 0) {
                throw new RenderException(Reason.BAD_CONTENT,
                        "the page range and pass select none of the document's " + pages + " pages");
            }
            document.setAllSecurityToBeRemoved(true);
            document.save(out);
            return new RenderResult(kept, renderer);
        }
    }
}
