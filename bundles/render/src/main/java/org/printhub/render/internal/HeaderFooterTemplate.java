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
            StringBuilder out = parts[part];
            switch (code) {
            case 'b':
                part = Math.min(part + 1, 2);
                break;
            case 'w':
                if (settings.jobTitle().isEmpty()) {
                    out.append("<span class=\"title\"></span>");
                } else {
                    escape(settings.jobTitle(), out);
                }
                break;
            case 'u':
                if (settings.documentUrl().isEmpty()) {
                    out.append("<span class=\"url\"></span>");
                } else {
                    escape(settings.documentUrl(), out);
                }
                break;
            case 'p':
                out.append("<span class=\"pageNumber\"></span>");
                break;
            case 'P':
                out.append("<span class=\"totalPages\"></span>");
                break;
            case 'd':
                escape(DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(settings.locale())
                        .format(when), out);
                break;
            case 'D':
                escape(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(settings.locale())
                        .format(when), out);
                break;
            case 't':
                escape(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(settings.locale())
                        .format(when), out);
                break;
            case 'T':
                escape(DateTimeFormatter.ofPattern("HH:mm").format(when), out);
                break;
            case '&':
                out.append("&amp;");
                break;
            default:
                // IE prints an unknown code as it is written.
                escape('&', out);
                escape(code, out);
            }
        }
        String padding = "padding:0 " + mm(settings.marginRight()) + " 0 " + mm(settings.marginLeft()) + ";";
        String align = header ? "align-items:flex-start;" : "align-items:flex-end;";
        return "<div style=\"" + BASE_STYLE + padding + align + css(settings.headerFooterFont()) + "\">"
                + "<span style=\"flex:1;text-align:left\">" + parts[0] + "</span>"
                + "<span style=\"flex:1;text-align:center\">" + parts[1] + "</span>"
                + "<span style=\"flex:1;text-align:right\">" + parts[2] + "</span></div>";
    }

    /** CSS declarations as given, minus anything that could leave the style attribute. */
    static String css(String declarations) {
        String cleaned = declarations.replaceAll("[<>\"{}\\\\]", "").trim();
        return cleaned.isEmpty() || cleaned.endsWith(";") ? cleaned : cleaned + ";";
    }

    private static String mm(double value) {
        return String.format(java.util.Locale.ROOT, "%.2fmm", value);
    }

    private static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            escape(text.charAt(i), out);
        }
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
