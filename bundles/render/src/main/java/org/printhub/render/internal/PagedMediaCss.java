package org.printhub.render.internal;

import java.util.List;
import java.util.Locale;

import org.printhub.render.RenderSettings;
import org.printhub.render.internal.ScriptxCodes.Segment;

/**
 * ScriptX's print settings as a CSS paged-media style sheet for the Java renderer: the page box from paper,
 * orientation and margins, the header and footer as {@code @top-*} and {@code @bottom-*} margin boxes, and the
 * backgrounds removed unless they are to be printed.
 *
 * <p>Scale: the page is laid out {@code 1/scale} times as large and shrunk to the paper afterwards
 * ({@link JavaHtmlToPdf}), so everything here is divided by the scale to come out at its size on paper.
 */
final class PagedMediaCss {
    private static final String[] SIDES = { "left", "center", "right" };
    /** Chromium's header and footer size, kept alike so both renderers print the same line. */
    private static final double HEADER_FONT_PT = 8;

    private PagedMediaCss() {
    }

    /**
     * @param title what {@code &w} prints (the job title or the document's)
     * @param url what {@code &u} prints
     */
    static String of(RenderSettings s, String title, String url) {
        double scale = s.scalePercent() / 100.0;
        double width = s.landscape() ? s.paperHeight() : s.paperWidth();
        double height = s.landscape() ? s.paperWidth() : s.paperHeight();
        StringBuilder css = new StringBuilder(512);
        css.append("@page { size: ").append(mm(width / scale)).append(' ').append(mm(height / scale))
                .append("; margin: ").append(mm(s.marginTop() / scale)).append(' ')
                .append(mm(s.marginRight() / scale)).append(' ').append(mm(s.marginBottom() / scale)).append(' ')
                .append(mm(s.marginLeft() / scale)).append(";\n");
        String font = "font-family: sans-serif; font-size: "
                + String.format(Locale.ROOT, "%.2fpt", HEADER_FONT_PT / scale) + "; "
                + ScriptxCodes.css(s.headerFooterFont());
        marginBoxes(css, "top", s.header(), s, title, url, font);
        marginBoxes(css, "bottom", s.footer(), s, title, url, font);
        css.append("}\n");
        if (!s.printBackground()) {
            css.append("* { background-color: transparent !important; background-image: none !important; }\n");
        }
        return css.toString();
    }

    private static void marginBoxes(StringBuilder css, String edge, String codes, RenderSettings s, String title,
            String url, String font) {
        List<List<Segment>> parts = ScriptxCodes.parts(codes);
        for (int i = 0; i < 3; i++) {
            if (parts.get(i).isEmpty()) {
                continue;
            }
            css.append("  @").append(edge).append('-').append(SIDES[i]).append(" { content:");
            for (Segment segment : parts.get(i)) {
                css.append(' ').append(content(segment, s, title, url));
            }
            css.append("; text-align: ").append(SIDES[i]).append("; vertical-align: ")
                    .append(edge.equals("top") ? "top" : "bottom").append("; white-space: pre; ").append(font)
                    .append(" }\n");
        }
    }

    private static String content(Segment segment, RenderSettings s, String title, String url) {
        if (segment.isText()) {
            return string(segment.text());
        }
        return switch (segment.code()) {
        case 'p' -> "counter(page)";
        case 'P' -> "counter(pages)";
        case 'w' -> string(title);
        case 'u' -> string(url);
        default -> string(ScriptxCodes.dateTime(segment.code(), s));
        };
    }

    /** A CSS string literal: nothing in {@code text} can end it or the rule. */
    static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append('\\').append(Integer.toHexString(c)).append(' ');
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String mm(double value) {
        return String.format(Locale.ROOT, "%.3fmm", value);
    }
}
