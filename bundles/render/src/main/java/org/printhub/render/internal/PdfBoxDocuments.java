package org.printhub.render.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.osgi.service.component.annotations.Component;
import org.printhub.job.PageRange;
import org.printhub.render.PdfDocuments;
import org.printhub.render.PdfFacts;
import org.printhub.render.RenderException;
import org.printhub.render.RenderException.Reason;

@Component(service = PdfDocuments.class)
public final class PdfBoxDocuments implements PdfDocuments {
    /** Enough to see coloured text and lines; a page costs about 100 x 140 pixels. */
    private static final float COLOUR_PROBE_DPI = 12;
    /** How far apart red, green and blue may be and still count as grey (anti-aliasing, JPEG noise). */
    private static final int GREY_TOLERANCE = 24;

    @Override
    public PdfFacts facts(Path pdf) throws RenderException, IOException {
        try (PDDocument document = load(pdf)) {
            PDFRenderer renderer = new PDFRenderer(document);
            int pages = document.getNumberOfPages();
            int colour = 0;
            for (int i = 0; i < pages; i++) {
                if (isColour(renderer.renderImageWithDPI(i, COLOUR_PROBE_DPI, ImageType.RGB))) {
                    colour++;
                }
            }
            return new PdfFacts(pages, colour);
        }
    }

    @Override
    public int selectPages(Path pdf, List<PageRange> ranges, OutputStream out) throws RenderException, IOException {
        try (PDDocument document = load(pdf)) {
            int kept = keepPages(document, (page, count) -> ranges.isEmpty()
                    || ranges.stream().anyMatch(r -> r.contains(page)));
            if (kept == 0) {
                throw new RenderException(Reason.BAD_CONTENT, "the page range selects none of the document's "
                        + document.getNumberOfPages() + " pages");
            }
            document.save(out);
            return kept;
        }
    }

    /** Which 1-based pages of a document of {@code count} pages to keep. */
    interface PageFilter {
        boolean keep(int page, int count);
    }

    /** Removes the pages {@code filter} drops; returns the number left. */
    static int keepPages(PDDocument document, PageFilter filter) {
        int count = document.getNumberOfPages();
        for (int page = count; page >= 1; page--) {
            if (!filter.keep(page, count)) {
                document.removePage(page - 1);
            }
        }
        return document.getNumberOfPages();
    }

    static PDDocument load(Path pdf) throws RenderException, IOException {
        try {
            return Loader.loadPDF(new RandomAccessReadBufferedFile(pdf.toFile()));
        } catch (IOException e) {
            if (!pdf.toFile().canRead()) {
                throw e;
            }
            throw new RenderException(Reason.BAD_CONTENT, "not a readable PDF: " + oneLine(e.getMessage()), e);
        }
    }

    private static boolean isColour(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > GREY_TOLERANCE) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String oneLine(String m) {
        if (m == null) {
            return "cannot parse";
        }
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).trim();
    }
}
