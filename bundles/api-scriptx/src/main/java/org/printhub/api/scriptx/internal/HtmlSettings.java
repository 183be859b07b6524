package org.printhub.api.scriptx.internal;

import java.time.ZoneOffset;
import java.util.Locale;

import org.printhub.render.RenderSettings;

/** ScriptX's {@code HtmlPrintSettings} and {@code DevicePrintSettings} as render settings. */
final class HtmlSettings {
    static final int UNITS_DEFAULT = 0;
    static final int UNITS_INCHES = 1;
    static final int UNITS_MM = 2;
    private static final double MM_PER_INCH = 25.4;

    private HtmlSettings() {
    }

    /**
     * @param settings the request's {@code settings}
     * @param device the request's {@code device}
     * @param defaultPaper the paper when the device names none or one not known
     * @throws IllegalArgumentException for a value out of range, with a message for the client
     */
    static RenderSettings toRenderSettings(Fields settings, Fields device, String defaultPaper) {
        RenderSettings.Builder b = RenderSettings.builder();
        String paper = device.string("paperSizeName", "");
        b.paper(RenderSettings.paperSize(paper).isPresent() ? paper : paperByFirstWord(paper, defaultPaper));

        Fields page = settings.object("page");
        b.landscape(page.integer("orientation", 0) == 1);
        double unit = page.integer("units", UNITS_DEFAULT) == UNITS_INCHES ? MM_PER_INCH : 1;
        Fields margins = page.object("margins");
        double dflt = 10;
        b.margins(margins.decimal("top", dflt / unit) * unit, margins.decimal("right", dflt / unit) * unit,
                margins.decimal("bottom", dflt / unit) * unit, margins.decimal("left", dflt / unit) * unit);

        b.header(settings.string("header", "")).footer(settings.string("footer", ""))
                .headerFooterFont(settings.string("headerFooterFont", ""));
        b.printBackground(settings.integer("printBackgroundColorsAndImages", 0) == 1);
        try {
            b.pageRanges(settings.string("pageRange", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad pageRange: " + e.getMessage(), e);
        }
        int scale = settings.integer("viewScale", 0);
        // 0 is the default and -1 shrink-to-fit: Chromium's 100 % already fits the page width.
        b.scalePercent(scale <= 0 ? 100 : Math.max(10, Math.min(200, scale)));
        int pass = settings.integer("printingPass", 0);
        b.pass(pass == 2 ? RenderSettings.Pass.ODD : pass == 3 ? RenderSettings.Pass.EVEN : RenderSettings.Pass.ALL);
        b.jobTitle(settings.string("jobTitle", "")).documentUrl(settings.string("documentUrl", ""));
        String locale = settings.string("locale", "");
        if (!locale.isBlank()) {
            b.locale(Locale.forLanguageTag(locale.trim().replace('_', '-')));
        }
        // The client sends JavaScript's getTimezoneOffset(): minutes, positive west of UTC.
        int offsetMinutes = -settings.integer("timezoneOffset", 0);
        b.zone(ZoneOffset.ofTotalSeconds(Math.max(-14 * 3600, Math.min(14 * 3600, offsetMinutes * 60))));
        return b.build();
    }

    /** Windows names papers like {@code "A4 210 x 297 mm"} or {@code "Letter 8.5 x 11 in"}. */
    private static String paperByFirstWord(String paper, String fallback) {
        String first = paper.trim().split("[\\s(]+", 2)[0];
        return RenderSettings.paperSize(first).isPresent() ? first : fallback;
    }
}
