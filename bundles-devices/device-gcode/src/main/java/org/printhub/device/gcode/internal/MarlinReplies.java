package org.printhub.device.gcode.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the driver reads from a Marlin printer's replies (Marlin's serial output, as OctoPrint parses it). */
final class MarlinReplies {
    private static final Pattern TEMPERATURE =
            Pattern.compile("(?<![A-Za-z@])(T\\d*|B|C):\\s*(-?\\d+(?:\\.\\d+)?)(?:\\s*/\\s*(-?\\d+(?:\\.\\d+)?))?");
    private static final Pattern RESEND = Pattern.compile("(?i)^(?:resend|rs)[:\\s]\\s*N?:?\\s*(\\d+)");
    private static final Pattern POSITION = Pattern.compile(
            "^X:\\s*(-?\\d+(?:\\.\\d+)?)\\s+Y:\\s*(-?\\d+(?:\\.\\d+)?)\\s+Z:\\s*(-?\\d+(?:\\.\\d+)?)\\s+E:\\s*(-?\\d+(?:\\.\\d+)?)");

    /** A heater's reading: the target is NaN when the report gave none. */
    record Heater(double actual, double target) {
    }

    /** Where the head is, from {@code M114}: {@code X:10.00 Y:20.00 Z:0.30 E:5.00 Count X:...}. */
    record Position(String x, String y, String z, String e) {
    }

    private MarlinReplies() {
    }

    static boolean isOk(String line) {
        return line.startsWith("ok") && (line.length() == 2 || line.charAt(2) == ' ');
    }

    /** The line a {@code Resend: N} or {@code rs N} asks for again. */
    static OptionalLong resend(String line) {
        Matcher m = RESEND.matcher(line);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** {@code busy: processing} (Marlin's host keep-alive) and {@code wait} (idle, Repetier and Marlin). */
    static boolean isKeepAlive(String line) {
        return line.startsWith("echo:busy:") || line.startsWith("busy:") || line.equals("wait");
    }

    /** A reset printer greets with {@code start}. */
    static boolean isStart(String line) {
        return line.equals("start");
    }

    /** {@code Error:Printer halted. kill() called!}, {@code !!}: the printer stopped until someone resets it. */
    static boolean isHalt(String line) {
        String l = line.toLowerCase(java.util.Locale.ROOT);
        return line.equals("!!") || (l.startsWith("error:")
                && (l.contains("halted") || l.contains("kill() called") || l.contains("printer stopped")));
    }

    /**
     * Temperatures in a report such as {@code ok T:210.0 /210.0 B:60.0 /60.0 @:0 B@:0}, or with several tools
     * {@code T:210 /210 B:60 /60 T0:210 /210 T1:25 /0}: heaters named as OctoPrint names them ({@code tool0},
     * {@code bed}, {@code chamber}). Empty for a line that is no temperature report.
     */
    static Map<String, Heater> temperatures(String line) {
        if (line.startsWith("echo:") || !line.contains("T:") && !line.contains("B:")) {
            return Map.of();
        }
        Map<String, Heater> found = new LinkedHashMap<>();
        Matcher m = TEMPERATURE.matcher(line);
        boolean numberedTools = false;
        Heater current = null;
        while (m.find()) {
            String sensor = m.group(1);
            double actual = Double.parseDouble(m.group(2));
            double target = m.group(3) == null ? Double.NaN : Double.parseDouble(m.group(3));
            Heater h = new Heater(actual, target);
            switch (sensor) {
                case "T" -> current = h;
                case "B" -> found.put("bed", h);
                case "C" -> found.put("chamber", h);
                default -> {
                    numberedTools = true;
                    found.put("tool" + sensor.substring(1), h);
                }
            }
        }
        if (current != null && !numberedTools) {
            found.put("tool0", current);
        }
        return found;
    }

    static Optional<Position> position(String line) {
        Matcher m = POSITION.matcher(line);
        return m.find() ? Optional.of(new Position(m.group(1), m.group(2), m.group(3), m.group(4))) : Optional.empty();
    }

    /** {@code N<n> <command>*<checksum>}: the checksum is the XOR of every byte before the {@code *}. */
    static String frame(long lineNumber, String command) {
        String numbered = "N" + lineNumber + " " + command;
        int checksum = 0;
        for (int i = 0; i < numbered.length(); i++) {
            checksum ^= numbered.charAt(i) & 0xff;
        }
        return numbered + "*" + checksum;
    }
}
