package org.printhub.device.socket.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The PJL wrapper around one job, and the reading of the printer's unsolicited job status (HP PJL Technical
 * Reference, chapters "Job separation" and "Status readback"). With status on, the printer echoes
 * <pre>
 * &#64;PJL USTATUS JOB
 * END
 * NAME="..."
 * PAGES=3
 * &lt;FF&gt;
 * </pre>
 * once the job named in {@code @PJL JOB NAME} has printed.
 */
final class PjlJob {
    private static final String UEL = "\u001b%-12345X";
    private static final int MAX_NAME = 80;
    private static final int MAX_STATUS_BYTES = 64 * 1024;

    private final String name;
    private final boolean status;
    private final StringBuilder received = new StringBuilder();
    private OptionalInt pages = OptionalInt.empty();
    private boolean ended;

    /** @param status whether to ask for the job status echo */
    PjlJob(long jobId, String jobName, boolean status) {
        this.name = safeName("printhub " + jobId + " " + jobName);
        this.status = status;
    }

    /** A PJL string: printable ASCII without quotes, so no name can end the string or the command line. */
    static String safeName(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7f && c != '"' ? (char) c : '_'));
        String s = b.toString().trim();
        return s.length() > MAX_NAME ? s.substring(0, MAX_NAME) : s;
    }

    String name() {
        return name;
    }

    byte[] header() {
        return ascii(UEL + "@PJL\r\n" + (status ? "@PJL USTATUS JOB=ON\r\n" : "") + "@PJL JOB NAME=\"" + name + "\"\r\n");
    }

    byte[] footer() {
        return ascii(UEL + "@PJL\r\n@PJL EOJ NAME=\"" + name + "\"\r\n" + UEL);
    }

    /**
     * Takes bytes the printer sent back.
     *
     * @return whether the END of this job has now been seen
     */
    boolean accept(byte[] bytes, int offset, int length) {
        received.append(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
        int ff;
        while ((ff = received.indexOf("\f")) >= 0) {
            message(received.substring(0, ff));
            received.delete(0, ff + 1);
        }
        if (received.length() > MAX_STATUS_BYTES) {
            received.setLength(0); // a printer that never sends a form feed: nothing there is a whole message
        }
        return ended;
    }

    private void message(String text) {
        String[] lines = text.strip().split("\r?\n");
        if (lines.length < 2 || !lines[0].trim().equalsIgnoreCase("@PJL USTATUS JOB")
                || !lines[1].trim().equalsIgnoreCase("END")) {
            return;
        }
        boolean ours = false;
        OptionalInt reported = OptionalInt.empty();
        for (String line : lines) {
            String l = line.trim();
            if (l.equals("NAME=\"" + name + "\"")) {
                ours = true;
            } else if (l.toUpperCase(Locale.ROOT).startsWith("PAGES=")) {
                try {
                    reported = OptionalInt.of(Integer.parseInt(l.substring(6).trim()));
                } catch (NumberFormatException e) {
                    // a printer's odd page count does not make the job fail
                }
            }
        }
        if (ours) {
            ended = true;
            pages = reported;
        }
    }

    boolean ended() {
        return ended;
    }

    OptionalInt pages() {
        return pages;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
