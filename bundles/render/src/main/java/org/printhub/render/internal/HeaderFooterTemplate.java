package org.printhub.render.internal;

import java.util.List;

import org.printhub.render.RenderSettings;
import org.printhub.render.internal.ScriptxCodes.Segment;

/**
 * Turns a ScriptX (Internet Explorer) header or footer into a Chromium print template: codes become Chromium's
 * placeholder elements or text.
 */
final class HeaderFooterTemplate {
    private static final String BASE_STYLE = "width:100%;display:flex;font-size:8pt;font-family:sans-serif;"
            + "-webkit-print-color-adjust:exact;";
    private static final String[] ALIGN = { "left", "center", "right" };

    private HeaderFooterTemplate() {
    }

    /** The template for {@code codes}; an empty template when {@code codes} is empty. */
    static String of(String codes, RenderSettings settings, boolean header) {
        if (codes == null || codes.isEmpty()) {
            return "<span></span>";
        }
        List<List<Segment>> parts = ScriptxCodes.parts(codes);
        String padding = "padding:0 " + mm(settings.marginRight()) + " 0 " + mm(settings.marginLeft()) + ";";
        String align = header ? "align-items:flex-start;" : "align-items:flex-end;";
        StringBuilder html = new StringBuilder("<div style=\"" + BASE_STYLE + padding + align
                + ScriptxCodes.css(settings.headerFooterFont()) + "\">");
        for (int i = 0; i < 3; i++) {
            html.append("<span style=\"flex:1;text-align:").append(ALIGN[i]).append("\">");
            for (Segment s : parts.get(i)) {
                html.append(s.isText() ? escape(s.text()) : expand(s.code(), settings));
            }
            html.append("</span>");
        }
        return html.append("</div>").toString();
    }

    private static String expand(char code, RenderSettings settings) {
        return switch (code) {
        case 'w' -> settings.jobTitle().isEmpty() ? "<span class=\"title\"></span>" : escape(settings.jobTitle());
        case 'u' -> settings.documentUrl().isEmpty() ? "<span class=\"url\"></span>" : escape(settings.documentUrl());
        case 'p' -> "<span class=\"pageNumber\"></span>";
        case 'P' -> "<span class=\"totalPages\"></span>";
        default -> escape(ScriptxCodes.dateTime(code, settings));
        };
    }

    private static String mm(double value) {
        return String.format(java.util.Locale.ROOT, "%.2fmm", value);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case '&' -> out.append("&amp;");
            case '"' -> out.append("&quot;");
            case '\'' -> out.append("&#39;");
            default -> out.append(c);
            }
        }
        return out.toString();
    }
}
