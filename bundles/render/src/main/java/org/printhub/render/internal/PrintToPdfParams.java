package org.printhub.render.internal;

import org.printhub.render.RenderSettings;

import com.google.gson.JsonObject;

/** The DevTools {@code Page.printToPDF} parameters for ScriptX settings: one place for the mapping. */
final class PrintToPdfParams {
    private static final double MM_PER_INCH = 25.4;

    private PrintToPdfParams() {
    }

    /**
     * Page ranges and the odd/even pass are not passed to Chromium: they are applied to the PDF afterwards, so
     * that page numbers and {@code &P} stay those of the whole document, as ScriptX prints them.
     */
    static JsonObject of(RenderSettings s) {
        JsonObject p = new JsonObject();
        p.addProperty("landscape", s.landscape());
        p.addProperty("printBackground", s.printBackground());
        p.addProperty("scale", s.scalePercent() / 100.0);
        p.addProperty("paperWidth", s.paperWidth() / MM_PER_INCH);
        p.addProperty("paperHeight", s.paperHeight() / MM_PER_INCH);
        p.addProperty("marginTop", s.marginTop() / MM_PER_INCH);
        p.addProperty("marginRight", s.marginRight() / MM_PER_INCH);
        p.addProperty("marginBottom", s.marginBottom() / MM_PER_INCH);
        p.addProperty("marginLeft", s.marginLeft() / MM_PER_INCH);
        boolean headerFooter = !s.header().isEmpty() || !s.footer().isEmpty();
        p.addProperty("displayHeaderFooter", headerFooter);
        if (headerFooter) {
            // Both are always given: a missing one would be Chromium's default (date, title, URL, pages).
            p.addProperty("headerTemplate", HeaderFooterTemplate.of(s.header(), s, true));
            p.addProperty("footerTemplate", HeaderFooterTemplate.of(s.footer(), s, false));
        }
        p.addProperty("preferCSSPageSize", false);
        p.addProperty("transferMode", "ReturnAsStream");
        return p;
    }
}
