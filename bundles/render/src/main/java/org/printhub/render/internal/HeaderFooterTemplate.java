package org.printhub.render.internal;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

import org.printhub.render.RenderSettings;

/**
 * Turns a ScriptX (Internet Explorer) header or footer into a Chromium print template. The line has up to three
 * parts, left, centre and right, separated by {@code &b}; codes become Chromium's placeholder elements or text.
 */
final class HeaderFooterTemplate {
    private static final String BASE_STYLE = "width:100%;display:flex;font-size:8pt;font-family:sans-serif;"
            + "-webkit-print-color-adjust:exact;";

    private HeaderFooterTemplate() {
    }

    /** The template for {@code codes}; an empty template when {@code codes} is empty. */
    static String of(String codes, RenderSettings settings, boolean header) {
        if (codes == null || codes.isEmpty()) {
            return "<span></span>";
        }
        StringBuilder[] parts = { new StringBuilder(), new StringBuilder(), new StringBuilder() };
        int part = 0;
        ZonedDateTime when = settings.printedAt().atZone(settings.zone());
        for (int i = 0; i < codes.length(); i++) {
            char c = codes.charAt(i);
            if (c != '&' || i + 1 == codes.length()) {
                escape(c, parts[part]);
                continue;
            }
            char code = codes.charAt(++i);
            if (code == 'b') {
                part = Math.min(part + 1, 2);
            } else {
                parts[part].append(expand(code, settings, when));
            }
        }
        String padding = "padding:0 " + mm(settings.marginRight()) + " 0 " + mm(settings.marginLeft()) + ";";
        String align = header ? "align-items:flex-start;" : "align-items:flex-end;";
        return "<div style=\"" + BASE_STYLE + padding + align + css(settings.headerFooterFont()) + "\">"
                + "<span style=\"flex:1;text-align:left\">" + parts[0] + "</span>"
                + "<span style=\"flex:1;text-align:center\">" + parts[1] + "</span>"
                + "<span style=\"flex:1;text-align:right\">" + parts[2] + "</span></div>";
    }

    /** The HTML for one code; IE prints an unknown code as it is written. */
    private static String expand(char code, RenderSettings settings, ZonedDateTime when) {
        return switch (code) {
        case 'w' -> settings.jobTitle().isEmpty() ? "<span class=\"title\"></span>" : escape(settings.jobTitle());
        case 'u' -> settings.documentUrl().isEmpty() ? "<span class=\"url\"></span>" : escape(settings.documentUrl());
        case 'p' -> "<span class=\"pageNumber\"></span>";
        case 'P' -> "<span class=\"totalPages\"></span>";
        case 'd' -> escape(localized(DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT), settings, when));
        case 'D' -> escape(localized(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG), settings, when));
        case 't' -> escape(localized(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT), settings, when));
        case 'T' -> escape(DateTimeFormatter.ofPattern("HH:mm").format(when));
        case '&' -> "&amp;";
        default -> escape("&" + code);
        };
    }

    private static String localized(DateTimeFormatter format, RenderSettings settings, ZonedDateTime when) {
        return format.withLocale(settings.locale()).format(when);
    }

    /** CSS declarations as given, minus anything that could leave the style attribute. */
    static String css(String declarations) {
        String cleaned = declarations.replaceAll("[<>\"{}\\\\]", "").trim();
        return cleaned.isEmpty() || cleaned.endsWith(";") ? cleaned : cleaned + ";";
    }

    private static String mm(double value) {
        return String.format(java.util.Locale.ROOT, "%.2fmm", value);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            escape(text.charAt(i), out);
        }
        return out.toString();
    }

    private static void escape(char c, StringBuilder out) {
        switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
        }
    }
}
