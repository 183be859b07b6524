package org.printhub.api.octoprint.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import org.printhub.http.BadRequestException;

/**
 * Reads a {@code multipart/form-data} body part by part as it arrives: a part's content is a stream that ends at
 * the next boundary, so a file part goes to its destination without being held in memory or in a temporary file.
 */
final class Multipart {
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int BUFFER = 64 * 1024;

    /** One part: its form field name, its file name if it is a file, and its content until the next boundary. */
    record Part(String name, String fileName, InputStream content) {
        /** The content as text, at most {@code max} bytes. */
        String text(int max) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] b = new byte[1024];
            for (int n; (n = content.read(b)) > 0;) {
                out.write(b, 0, n);
                if (out.size() > max) {
                    throw new BadRequestException("form field '" + name + "' is too long");
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean partOpen;
    private boolean started;
    private boolean finished;

    /** For each byte value, how far the delimiter search may move on when it is the byte under the delimiter's end. */
    private final int[] shift = new int[256];

    private Multipart(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // Boyer-Moore-Horspool: a delimiter of 40 or more bytes lets most of a file's bytes go unlooked at
        Arrays.fill(shift, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            shift[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
    }

    /** @throws BadRequestException if the content type is not multipart/form-data with a boundary */
    static Multipart of(String contentType, InputStream in) throws BadRequestException {
        String boundary = boundary(contentType);
        if (boundary == null) {
            throw new BadRequestException("not multipart/form-data");
        }
        return new Multipart(in, boundary);
    }

    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = p.substring(9).trim();
                if (b.length() > 1 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() || b.length() > 200 ? null : b;
            }
        }
        return null;
    }

    /**
     * The next part, after skipping what is left of the previous one; {@code null} after the last.
     *
     * @throws BadRequestException for a malformed body
     */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (partOpen) {
            drainPart();
        } else if (!started) {
            started = true;
            skipPreamble();
        }
        // after a delimiter: "--" ends the body, CRLF starts a part
        int a = readByte();
        int b = readByte();
        if (a == '-' && b == '-') {
            finished = true;
            return null;
        }
        while (a == ' ' || a == '\t') {
            a = b;
            b = readByte();
        }
        if (a != '\r' || b != '\n') {
            throw new BadRequestException("malformed multipart body");
        }
        String name = null;
        String fileName = null;
        for (String line = headerLine(); !line.isEmpty(); line = headerLine()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                String v = line.substring(colon + 1);
                name = parameter(v, "name");
                String extended = parameter(v, "filename*");
                fileName = extended != null ? decodeExtended(extended) : parameter(v, "filename");
            }
        }
        if (name == null) {
            throw new BadRequestException("multipart part without a form field name");
        }
        partOpen = true;
        return new Part(name, fileName, new PartStream());
    }

    /** The first boundary has no CRLF before it, unless a preamble precedes it. */
    private void skipPreamble() throws IOException {
        // pretend a CRLF precedes the body so the first "--boundary" is found like every other delimiter
        byte[] start = Arrays.copyOfRange(delimiter, 2, delimiter.length);
        fill(start.length);
        if (limit - pos >= start.length && Arrays.equals(buf, pos, pos + start.length, start, 0, start.length)) {
            pos += start.length;
            return;
        }
        partOpen = true;
        drainPart();
    }

    private void drainPart() throws IOException {
        byte[] skip = new byte[8192];
        while (readPart(skip, 0, skip.length) > 0) {
            // dropped
        }
    }

    /** Reads part content up to the delimiter; returns -1 at the delimiter, which is then consumed. */
    private int readPart(byte[] b, int off, int len) throws IOException {
        if (!partOpen) {
            return -1;
        }
        // as much as this read may return and a delimiter after it: a file part goes on in full buffers
        fill((int) Math.min(buf.length, (long) len + delimiter.length - 1));
        int available = limit - pos;
        if (available < delimiter.length) {
            throw new BadRequestException("multipart body ends before its closing boundary");
        }
        // only where a delimiter could start within the bytes this call may return: no byte is searched twice
        int window = (int) Math.min(limit, (long) pos + len + delimiter.length - 1);
        int at = indexOfDelimiter(pos, window);
        if (at == pos) {
            pos += delimiter.length;
            partOpen = false;
            return -1;
        }
        // without a delimiter in the window, one may still start in its last delimiter.length - 1 bytes
        int safe = at >= 0 ? at - pos : window - pos - (delimiter.length - 1);
        int n = Math.min(len, safe);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Where the delimiter starts in {@code buf[from, to)}, or -1. */
    private int indexOfDelimiter(int from, int to) {
        int last = delimiter.length - 1;
        byte end = delimiter[last];
        for (int i = from; i <= to - delimiter.length;) {
            byte c = buf[i + last];
            if (c == end && Arrays.equals(buf, i, i + last, delimiter, 0, last)) {
                return i;
            }
            i += shift[c & 0xff];
        }
        return -1;
    }

    /** Makes at least {@code want} bytes available unless the stream ends first; {@code want} fits the buffer. */
    private void fill(int want) throws IOException {
        if (limit - pos >= want) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        // no available(): asking the servlet stream costs as much as searching the bytes
        while (limit < want) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                return;
            }
            limit += n;
        }
    }

    private int readByte() throws IOException {
        fill(1);
        if (pos >= limit) {
            throw new BadRequestException("multipart body ends before its closing boundary");
        }
        return buf[pos++] & 0xff;
    }

    private String headerLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            int c = readByte();
            if (++total > MAX_HEADER_BYTES) {
                throw new BadRequestException("multipart part headers too long");
            }
            if (c == '\r') {
                if (readByte() != '\n') {
                    throw new BadRequestException("malformed multipart part header");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(c);
        }
    }

    static String parameter(String header, String name) {
        int i = 0;
        while (i < header.length()) {
            int semi = header.indexOf(';', i);
            if (semi < 0) {
                return null;
            }
            int start = semi + 1;
            while (start < header.length() && header.charAt(start) == ' ') {
                start++;
            }
            int eq = header.indexOf('=', start);
            if (eq < 0) {
                return null;
            }
            String key = header.substring(start, eq).trim();
            int vStart = eq + 1;
            String value;
            int next;
            if (vStart < header.length() && header.charAt(vStart) == '"') {
                StringBuilder sb = new StringBuilder();
                int k = vStart + 1;
                while (k < header.length() && header.charAt(k) != '"') {
                    char c = header.charAt(k);
                    if (c == '\\' && k + 1 < header.length()) {
                        c = header.charAt(++k);
                    }
                    sb.append(c);
                    k++;
                }
                value = sb.toString();
                next = k + 1;
            } else {
                int end = header.indexOf(';', vStart);
                value = header.substring(vStart, end < 0 ? header.length() : end).trim();
                next = end < 0 ? header.length() : end;
            }
            if (key.equalsIgnoreCase(name)) {
                return value;
            }
            i = next;
        }
        return null;
    }

    private static String decodeExtended(String value) {
        // RFC 5987: charset'language'percent-encoded
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        String encoded = second < 0 ? value : value.substring(second + 1);
        return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private final class PartStream extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = readPart(b, off, len);
            if (n < 0) {
                done = true;
            }
            return n;
        }

        @Override
        public void close() {
            // the request body stays open for the parts after this one
        }
    }
}
