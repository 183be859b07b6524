package org.printhub.device.gcode.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.printhub.device.DeviceException;
import org.printhub.job.JobStateReasons;

/**
 * Reads a G-code document one line at a time, never more than a line in memory: the command with its comment
 * and surrounding blanks taken off, the bytes the line took, and what slicers say in their comments (Cura's
 * {@code ;LAYER:n}, {@code ;TIME:s} and {@code ;TIME_ELAPSED:s}, PrusaSlicer's {@code ;LAYER_CHANGE}).
 */
final class GcodeReader {
    /** Marlin takes 96 characters a command (MAX_CMD_SIZE); a longer one is no G-code a printer can take. */
    static final int MAX_COMMAND = 256;
    private static final int MAX_COMMENT_KEPT = 64;

    private final InputStream in;
    private final String documentName;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private final byte[] command = new byte[MAX_COMMAND];
    private int commandLength;
    private final byte[] comment = new byte[MAX_COMMENT_KEPT];
    private int commentLength;

    private long consumed;
    private long lineNumber;
    private int layer = -1;
    private int layerChanges;
    private long totalSeconds = -1;
    private double elapsedSeconds = -1;

    GcodeReader(InputStream in, String documentName) {
        this.in = in;
        this.documentName = documentName;
    }

    /**
     * Moves to the next line.
     *
     * @return the line's command, empty for a blank or comment-only line, or {@code null} at the end
     * @throws DeviceException (not retryable, {@code document-format-error}) for what cannot be G-code: a NUL or
     *         other control byte in a command, a command longer than {@value #MAX_COMMAND} characters
     */
    String next() throws IOException, DeviceException {
        commandLength = 0;
        commentLength = 0;
        boolean inComment = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            byte b = buffer[position++];
            consumed++;
            any = true;
            if (b == '\n') {
                break;
            }
            if (inComment) {
                if (commentLength < MAX_COMMENT_KEPT) {
                    comment[commentLength++] = b;
                }
            } else if (b == ';') {
                inComment = true;
            } else if (b == '\r') {
                continue;
            } else if ((b & 0xff) < 0x20 && b != '\t') {
                throw new DeviceException(JobStateReasons.DOCUMENT_FORMAT_ERROR, documentName + " is not G-code: byte 0x"
                        + Integer.toHexString(b & 0xff) + " in line " + (lineNumber + 1), false, null);
            } else if (commandLength == MAX_COMMAND) {
                throw new DeviceException(JobStateReasons.DOCUMENT_FORMAT_ERROR, documentName + " is not G-code: line "
                        + (lineNumber + 1) + " is longer than " + MAX_COMMAND + " characters", false, null);
            } else {
                command[commandLength++] = b;
            }
        }
        lineNumber++;
        if (commentLength > 0) {
            readComment(new String(comment, 0, commentLength, StandardCharsets.ISO_8859_1).strip());
        }
        // ISO-8859-1 keeps every byte as one char, so a message in UTF-8 (M117) reaches the printer unchanged
        return new String(command, 0, commandLength, StandardCharsets.ISO_8859_1).strip();
    }

    private void readComment(String c) {
        try {
            if (c.startsWith("LAYER:")) {
                layer = Integer.parseInt(c.substring(6).trim());
            } else if (c.equals("LAYER_CHANGE")) {
                layer = layerChanges++;
            } else if (c.startsWith("TIME:")) {
                totalSeconds = Long.parseLong(c.substring(5).trim());
            } else if (c.startsWith("TIME_ELAPSED:")) {
                elapsedSeconds = Double.parseDouble(c.substring(13).trim());
            }
        } catch (NumberFormatException e) {
            // a comment that only looks like a marker is a comment
        }
    }

    /** Bytes of the document read so far, up to and including the current line. */
    long consumed() {
        return consumed;
    }

    /** The current line's number in the document, from 1. */
    long lineNumber() {
        return lineNumber;
    }

    /** The layer the document has reached, from 0; -1 before the first layer mark. */
    int layer() {
        return layer;
    }

    /** The slicer's estimate of the whole print ({@code ;TIME:}); -1 when it gave none. */
    long totalSeconds() {
        return totalSeconds;
    }

    /** The slicer's estimate of the time printed up to here ({@code ;TIME_ELAPSED:}); -1 when none. */
    double elapsedSeconds() {
        return elapsedSeconds;
    }
}
