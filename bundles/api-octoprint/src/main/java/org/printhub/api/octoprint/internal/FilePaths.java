package org.printhub.api.octoprint.internal;

import java.util.Locale;

import org.printhub.http.BadRequestException;

/** Paths of files and folders inside OctoPrint's {@code local} location: relative, {@code /}-separated, no dot segments. */
final class FilePaths {
    static final int MAX_LENGTH = 255;

    private FilePaths() {
    }

    /**
     * The canonical form of a path a client sent: segments joined with {@code /}, without leading or trailing
     * {@code /}; empty for the root.
     *
     * @throws BadRequestException for {@code ..}, {@code .}, an absolute path, a backslash, control characters or
     *         more than 255 characters
     */
    static String normalize(String path) throws BadRequestException {
        if (path == null || path.isEmpty()) {
            return "";
        }
        if (path.startsWith("/") || path.contains("\\") || path.matches("^[A-Za-z]:.*")) {
            throw new BadRequestException("path is invalid: absolute paths are not allowed");
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals("..") || segment.equals(".")) {
                throw new BadRequestException("path is invalid: '" + segment + "' segments are not allowed");
            }
            for (int i = 0; i < segment.length(); i++) {
                if (Character.isISOControl(segment.charAt(i))) {
                    throw new BadRequestException("path is invalid: control characters are not allowed");
                }
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(segment);
        }
        if (out.length() > MAX_LENGTH) {
            throw new BadRequestException("path is invalid: longer than " + MAX_LENGTH + " characters");
        }
        return out.toString();
    }

    static String join(String folder, String name) {
        return folder.isEmpty() ? name : folder + "/" + name;
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** Whether OctoPrint treats the file as printable machine code. */
    static boolean isMachineCode(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".gcode") || lower.endsWith(".gco") || lower.endsWith(".g");
    }
}
