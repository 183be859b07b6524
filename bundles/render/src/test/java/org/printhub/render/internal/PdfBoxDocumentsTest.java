package org.printhub.render.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.PageRange;
import org.printhub.render.PdfFacts;
import org.printhub.render.RenderException;

class PdfBoxDocumentsTest {
    @TempDir
    Path dir;

    /** Pages named "Page n"; the pages in {@code colour} get a red box, the others a grey one. */
    private Path pdf(int pages, int... colour) throws Exception {
        Path file = dir.resolve("doc-" + pages + ".pdf");
        try (PDDocument doc = new PDDocument()) {
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                boolean red = false;
                for (int c : colour) {
                    red |= c == i;
                }
                try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                    s.setNonStrokingColor(red ? Color.RED : Color.GRAY);
                    s.addRect(100, 400, 200, 200);
                    s.fill();
                    s.beginText();
                    s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 24);
                    s.setNonStrokingColor(Color.BLACK);
                    s.newLineAtOffset(100, 700);
                    s.showText("Page " + i);
                    s.endText();
                }
            }
            doc.save(file.toFile());
        }
        return file;
    }

    @Test
    void countsPagesAndColourPages() throws Exception {
        PdfFacts facts = new PdfBoxDocuments().facts(pdf(5, 2, 4));
        assertEquals(5, facts.pages());
        assertEquals(2, facts.colorPages());
        assertEquals(0, new PdfBoxDocuments().facts(pdf(3)).colorPages());
    }

    @Test
    void selectsPagesInOrder() throws Exception {
        Path out = dir.resolve("out.pdf");
        try (OutputStream o = Files.newOutputStream(out)) {
            assertEquals(3, new PdfBoxDocuments().selectPages(pdf(6), PageRange.parseList("2-3,6-"), o));
        }
        try (PDDocument d = Loader.loadPDF(out.toFile())) {
            String text = new PDFTextStripper().getText(d);
            assertEquals(List.of("Page 2", "Page 3", "Page 6"), List.of(text.trim().split("\\s*\\n\\s*")));
        }
    }

    @Test
    void rangesBeyondTheEndSelectNothing() throws Exception {
        RenderException e = assertThrows(RenderException.class,
                () -> new PdfBoxDocuments().selectPages(pdf(2), PageRange.parseList("5-9"), OutputStream.nullOutputStream()));
        assertEquals(RenderException.Reason.BAD_CONTENT, e.reason());
    }

    @Test
    void notAPdfIsBadContent() throws Exception {
        Path text = Files.writeString(dir.resolve("fake.pdf"), "%PDF-1.7 but not really");
        RenderException e = assertThrows(RenderException.class, () -> new PdfBoxDocuments().facts(text));
        assertEquals(RenderException.Reason.BAD_CONTENT, e.reason());
        Path empty = Files.write(dir.resolve("empty.pdf"), new byte[0]);
        assertThrows(RenderException.class, () -> new PdfBoxDocuments().facts(empty));
    }
}
