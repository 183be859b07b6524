package org.printhub.device.gcode.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configured G-code script: lines separated by new lines or {@code |}, comments and blank lines dropped. A line
 * may name values the driver knows when it sends it ({@code {x}}, {@code {y}}, {@code {z}}, {@code {e}},
 * {@code {f}}, {@code {positioning}}, {@code {extrusion}}); a line naming one that is unknown is left out.
 */
record Script(List<String> lines) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)\\}");

    /** @throws IllegalArgumentException for a line longer than a printer takes */
    static Script parse(String name, String configured) {
        List<String> lines = new ArrayList<>();
        for (String raw : (configured == null ? "" : configured).split("[\\r\\n|]+")) {
            int comment = raw.indexOf(';');
            String line = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
            if (line.length() > GcodeReader.MAX_COMMAND) {
                throw new IllegalArgumentException(name + ": a line is longer than " + GcodeReader.MAX_COMMAND
                        + " characters: '" + line.substring(0, 40) + "...'");
            }
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return new Script(List.copyOf(lines));
    }

    /** The lines with their placeholders filled in; lines with an unknown value are left out. */
    List<String> render(Map<String, String> values) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = PLACEHOLDER.matcher(line);
            StringBuilder b = new StringBuilder();
            boolean complete = true;
            while (m.find()) {
                String v = values.get(m.group(1));
                if (v == null) {
                    complete = false;
                    break;
                }
                m.appendReplacement(b, Matcher.quoteReplacement(v));
            }
            if (complete) {
                m.appendTail(b);
                out.add(b.toString());
            }
        }
        return out;
    }
}
