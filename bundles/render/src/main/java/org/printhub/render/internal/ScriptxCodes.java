package org.printhub.render.internal;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;

import org.printhub.render.RenderSettings;

/**
 * ScriptX's (Internet Explorer's) header and footer codes, read once for every renderer: a line of up to three
 * parts, left, centre and right, separated by {@code &b}; each part a run of text and codes.
 */
final class ScriptxCodes {
    /** The codes a renderer expands; anything else after {@code &} is printed as written, as IE does. */
    private static final String KNOWN = "wupPdDtT";

    /** Literal text ({@code code == 0}) or one of the known codes. */
    record Segment(char code, String text) {
        boolean isText() {
            return code == 0;
        }
    }

    private ScriptxCodes() {
    }

    /** Always three parts (some may be empty); no part at all for an empty line. */
    static List<List<Segment>> parts(String codes) {
        List<List<Segment>> parts = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        if (codes == null || codes.isEmpty()) {
            return parts;
        }
        int part = 0;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codes.length(); i++) {
            char c = codes.charAt(i);
            if (c != '&' || i + 1 == codes.length()) {
                text.append(c);
                continue;
            }
            char code = codes.charAt(++i);
            if (code == '&') {
                text.append('&');
            } else if (code == 'b') {
                flush(text, parts.get(part));
                part = Math.min(part + 1, 2);
            } else if (KNOWN.indexOf(code) >= 0) {
                flush(text, parts.get(part));
                parts.get(part).add(new Segment(code, ""));
            } else {
                text.append('&').append(code);
            }
        }
        flush(text, parts.get(part));
        return parts;
    }

    private static void flush(StringBuilder text, List<Segment> part) {
        if (!text.isEmpty()) {
            part.add(new Segment((char) 0, text.toString()));
            text.setLength(0);
        }
    }

    /** The text of a date or time code ({@code d D t T}) in the reader's locale and UTC offset. */
    static String dateTime(char code, RenderSettings settings) {
        ZonedDateTime when = settings.printedAt().atZone(settings.zone());
        DateTimeFormatter format = switch (code) {
        case 'd' -> DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(settings.locale());
        case 'D' -> DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(settings.locale());
        case 't' -> DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(settings.locale());
        case 'T' -> DateTimeFormatter.ofPattern("HH:mm");
        default -> throw new IllegalArgumentException("not a date or time code: &" + code);
        };
        return format.format(when);
    }

    /** CSS declarations as given, minus anything that could leave a style attribute or a rule's braces. */
    static String css(String declarations) {
        String cleaned = declarations.replaceAll("[<>\"{}\\\\]", "").trim();
        return cleaned.isEmpty() || cleaned.endsWith(";") ? cleaned : cleaned + ";";
    }
}
