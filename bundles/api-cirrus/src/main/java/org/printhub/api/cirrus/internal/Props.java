package org.printhub.api.cirrus.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.printhub.job.ColorMode;
import org.printhub.job.JobTicket;
import org.printhub.job.Orientation;
import org.printhub.job.Scaling;
import org.printhub.job.Sides;

/**
 * CirrusPrint job properties: {@code name=value} pairs separated by line feeds or semicolons, and their mapping
 * onto the core {@link JobTicket}. Names are matched without regard to case; the known ones become ticket fields,
 * every other name is kept as a ticket extension for drivers that know it.
 */
final class Props {
    static final int MAX_PROPS = 64;
    static final int MAX_TEXT = 256;
    /** Ticket extension an IPP driver reads as {@code media-source}. */
    static final String TRAY_EXTENSION = "media-source";

    private static final Map<String, String> SIZES = Map.ofEntries(
            Map.entry("letter", "na_letter_8.5x11in"), Map.entry("legal", "na_legal_8.5x14in"),
            Map.entry("executive", "na_executive_7.25x10.5in"), Map.entry("tabloid", "na_ledger_11x17in"),
            Map.entry("ledger", "na_ledger_11x17in"), Map.entry("a3", "iso_a3_297x420mm"),
            Map.entry("a4", "iso_a4_210x297mm"), Map.entry("a5", "iso_a5_148x210mm"),
            Map.entry("a6", "iso_a6_105x148mm"), Map.entry("b4", "iso_b4_250x353mm"),
            Map.entry("b5", "iso_b5_176x250mm"), Map.entry("env10", "na_number-10_4.125x9.5in"),
            Map.entry("dl", "iso_dl_110x220mm"));

    private Props() {
    }

    /**
     * Parses a props list; later names replace earlier ones. Blank entries are skipped.
     *
     * @return names (as given) to values, in order
     * @throws CirrusError a failure for an entry without {@code =}, an empty name, or too many entries
     */
    static Map<String, String> parse(String text) {
        Map<String, String> props = new LinkedHashMap<>();
        if (text == null) {
            return props;
        }
        for (String raw : text.split("[\\n;]")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw CirrusError.failure("props: '" + Texts.clip(entry) + "' is not name=value");
            }
            String name = entry.substring(0, eq).strip();
            String value = entry.substring(eq + 1).strip();
            if (name.length() > MAX_TEXT || value.length() > MAX_TEXT || hasControl(name) || hasControl(value)) {
                throw CirrusError.failure("props: '" + Texts.clip(name) + "' is too long or has control characters");
            }
            props.keySet().removeIf(n -> n.equalsIgnoreCase(name));
            props.put(name, value);
            if (props.size() > MAX_PROPS) {
                throw CirrusError.failure("props: more than " + MAX_PROPS + " properties");
            }
        }
        return props;
    }

    /** {@code defaults} with {@code props} over them: a job's own value wins over its device's default. */
    static Map<String, String> overlay(Map<String, String> defaults, Map<String, String> props) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        props.forEach((name, value) -> {
            merged.keySet().removeIf(n -> n.equalsIgnoreCase(name));
            merged.put(name, value);
        });
        return Collections.unmodifiableMap(merged);
    }

    /** The props in their wire form, one {@code name=value} per line. */
    static String format(Map<String, String> props) {
        StringBuilder b = new StringBuilder();
        props.forEach((n, v) -> b.append(b.length() == 0 ? "" : "\n").append(n).append('=').append(v));
        return b.toString();
    }

    /**
     * The ticket these props describe.
     *
     * @throws CirrusError a failure naming the property whose value is out of range
     */
    static JobTicket toTicket(Map<String, String> props) {
        JobTicket.Builder t = JobTicket.builder();
        for (Map.Entry<String, String> p : props.entrySet()) {
            String name = p.getKey().toLowerCase(Locale.ROOT);
            String value = p.getValue();
            switch (name) {
                case "color":
                    t.colorMode(code(name, value, 1, 2) == 1 ? ColorMode.MONOCHROME : ColorMode.COLOR);
                    break;
                case "copies":
                    t.copies(code(name, value, 1, 99));
                    break;
                case "collate":
                    t.collate(code(name, value, 0, 1) == 1);
                    break;
                case "duplex":
                    int duplex = code(name, value, 1, 3);
                    t.sides(duplex == 1 ? Sides.ONE_SIDED
                            : duplex == 2 ? Sides.TWO_SIDED_LONG_EDGE : Sides.TWO_SIDED_SHORT_EDGE);
                    break;
                case "orientation":
                    t.orientation(code(name, value, 1, 2) == 1 ? Orientation.PORTRAIT : Orientation.LANDSCAPE);
                    break;
                case "priority":
                    t.priority(code(name, value, 1, 99));
                    break;
                case "scale":
                    int scale = code(name, value, 0, 2);
                    t.scaling(scale == 0 ? Scaling.FIT : scale == 1 ? Scaling.AUTO_FIT : Scaling.NONE);
                    break;
                case "tray":
                    t.extension(TRAY_EXTENSION, nonEmpty(name, value));
                    break;
                case "size":
                    t.media(media(nonEmpty(name, value)));
                    break;
                default:
                    t.extension(p.getKey(), value);
            }
        }
        return t.build();
    }

    /** A paper size name as Windows and CUPS drivers report it, as a PWG media name; PWG names pass. */
    static String media(String size) {
        String pwg = SIZES.get(size.toLowerCase(Locale.ROOT).replace(" ", ""));
        return pwg != null ? pwg : size;
    }

    private static int code(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        throw CirrusError.failure("props: " + name + " must be " + min + " to " + max + ", not '"
                + Texts.clip(value) + "'");
    }

    private static String nonEmpty(String name, String value) {
        if (value.isEmpty()) {
            throw CirrusError.failure("props: " + name + " must not be empty");
        }
        return value;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }
}
