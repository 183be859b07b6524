package org.printhub.api.myq.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One byte range of a {@code Range} header (RFC 9110 §14), resolved against the data's length. */
final class ByteRange {
    private static final Pattern SINGLE = Pattern.compile("bytes=\\s*(\\d{0,19})\\s*-\\s*(\\d{0,19})\\s*",
            Pattern.CASE_INSENSITIVE);

    final long first;
    final long last;

    private ByteRange(long first, long last) {
        this.first = first;
        this.last = last;
    }

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** Thrown for a range the data cannot satisfy: answered 416 with {@code Content-Range: bytes *}{@code /size}. */
    static final class NotSatisfiableException extends Exception {
        private static final long serialVersionUID = 1L;

        NotSatisfiableException(String message) {
            super(message);
        }
    }

    /**
     * The range to send, or empty for the whole data: no header, another unit, or several ranges (which
     * RFC 9110 lets a server answer with the whole representation).
     *
     * @throws NotSatisfiableException for a malformed byte range or one that starts at or after the end
     */
    static Optional<ByteRange> parse(String header, long size) throws NotSatisfiableException {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(h);
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            throw new NotSatisfiableException("malformed range '" + h + "'");
        }
        long first;
        long last;
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new NotSatisfiableException("range '" + h + "' selects no byte of " + size);
                }
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
                if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                    throw new NotSatisfiableException("malformed range '" + h + "': last byte before first");
                }
            }
        } catch (NumberFormatException e) {
            throw new NotSatisfiableException("range '" + h + "' is too large");
        }
        if (first >= size) {
            throw new NotSatisfiableException("range '" + h + "' starts at or after the end (" + size + " bytes)");
        }
        return Optional.of(new ByteRange(first, last));
    }
}
