package org.printhub.api.octoprint.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.printhub.http.BadRequestException;

class MultipartTest {
    /** Hands out at most {@code step} bytes per read, so delimiters straddle reads. */
    static InputStream trickle(byte[] body, int step) {
        return new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, step));
            }

            @Override
            public int available() {
                return 0;
            }
        };
    }

    @Test
    void fieldsAndAFileWithCrLfAndDashesInsideAcrossReadBoundaries() throws Exception {
        byte[] file = new byte[300_000];
        new Random(7).nextBytes(file);
        // content that looks almost like a delimiter
        byte[] tricky = "\r\n--XY\r\n-XYZ\r\n--XYz\r\n--XY".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tricky, 0, file, 1000, tricky.length);
        String head = "preamble\r\n--XYZ\r\nContent-Disposition: form-data; name=\"path\"\r\n\r\nfolder/a\r\n"
                + "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename*=utf-8''caf%C3%A9.gcode\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--XYZ\r\nContent-Disposition: form-data; name=\"select\"\r\n\r\ntrue\r\n--XYZ--\r\n";
        byte[] body = concat(head.getBytes(StandardCharsets.UTF_8), file, tail.getBytes(StandardCharsets.UTF_8));
        for (int step : new int[] { 1, 7, 4096, 1 << 20 }) {
            Multipart m = Multipart.of("multipart/form-data; boundary=\"XYZ\"", trickle(body, step));
            Multipart.Part path = m.next();
            assertEquals("path", path.name());
            assertEquals("folder/a", path.text(100));
            Multipart.Part f = m.next();
            assertEquals("file", f.name());
            assertEquals("café.gcode", f.fileName());
            assertArrayEquals(file, f.content().readAllBytes());
            Multipart.Part select = m.next();
            assertEquals("true", select.text(10));
            assertNull(m.next());
        }
    }

    @Test
    void anUnreadPartIsSkippedAndATruncatedBodyFails() throws Exception {
        String body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.gcode\"\r\n\r\nG28\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"print\"\r\n\r\nyes\r\n--b--";
        Multipart m = Multipart.of("multipart/form-data; boundary=b", trickle(body.getBytes(), 3));
        assertEquals("file", m.next().name());
        assertEquals("yes", m.next().text(10));
        assertNull(m.next());
        Multipart cut = Multipart.of("multipart/form-data; boundary=b",
                new ByteArrayInputStream("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\nG28 G1 X"
                        .getBytes()));
        Multipart.Part p = cut.next();
        assertThrows(BadRequestException.class, () -> p.content().readAllBytes());
        assertThrows(BadRequestException.class, () -> Multipart.of("application/json", InputStream.nullInputStream()));
    }

    /**
     * Random boundaries (as browsers and curl make them, 40 to 70 characters) and files full of pieces of the
     * delimiter, read by the caller a few bytes or many kilobytes at a time, from a stream that hands out random
     * amounts: every file comes back byte for byte, and the field after it too.
     */
    private static final String GCODE_CHARS = "G1 X0.5 Y-12 E3\n-\r";

    @Test
    void randomFilesFullOfDelimiterPiecesComeBackWhateverTheReadSizes() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 60; round++) {
            StringBuilder boundary = new StringBuilder("----");
            int length = 36 + random.nextInt(30);
            while (boundary.length() < length) {
                boundary.append("abcXYZ0189-".charAt(random.nextInt(11)));
            }
            byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
            byte[] file = new byte[random.nextInt(200_000)];
            for (int i = 0; i < file.length;) {
                if (random.nextInt(8) == 0) {
                    // a piece of the delimiter, its start, its end or all but one byte of it
                    int from = random.nextInt(3) == 0 ? 0 : random.nextInt(delimiter.length);
                    int to = Math.min(delimiter.length - (from == 0 ? 1 : 0), from + 1 + random.nextInt(
                            delimiter.length));
                    int n = Math.min(file.length - i, Math.max(0, to - from));
                    System.arraycopy(delimiter, from, file, i, n);
                    i += Math.max(1, n);
                } else {
                    int n = Math.min(file.length - i, 1 + random.nextInt(400));
                    for (int k = 0; k < n; k++) {
                        file[i + k] = (byte) GCODE_CHARS.charAt(random.nextInt(GCODE_CHARS.length()));
                    }
                    i += n;
                }
            }
            // pieces next to each other may make a whole delimiter: '!' (in no delimiter) breaks each such one
            for (int i = 0; i + delimiter.length <= file.length; i++) {
                if (java.util.Arrays.equals(file, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                    file[i + delimiter.length - 1] = '!';
                }
            }
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.gcode\""
                    + "\r\n\r\n";
            String tail = "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"print\"\r\n\r\nyes\r\n--"
                    + boundary + "--\r\n";
            byte[] body = concat(head.getBytes(StandardCharsets.US_ASCII), file,
                    tail.getBytes(StandardCharsets.US_ASCII));
            int step = 1 + random.nextInt(random.nextBoolean() ? 100 : 100_000);
            int readSize = 1 + random.nextInt(random.nextBoolean() ? 64 : 70_000);
            Multipart m = Multipart.of("multipart/form-data; boundary=" + boundary, trickle(body, step));
            Multipart.Part f = m.next();
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            byte[] b = new byte[readSize];
            for (int n; (n = f.content().read(b, 0, b.length)) >= 0;) {
                got.write(b, 0, n);
            }
            assertArrayEquals(file, got.toByteArray(), "round " + round + ", boundary " + boundary + ", reads of "
                    + readSize + " from a stream giving " + step);
            assertEquals("yes", m.next().text(10));
            assertNull(m.next());
        }
    }

    /**
     * A part that ends where the parser's buffer ends, give or take the delimiter's length: the bytes held back for a
     * delimiter that may start there are exactly enough, never one fewer.
     */
    @Test
    void aPartEndingAtTheBufferEdgeEndsThere() throws Exception {
        String boundary = "----edge0123456789";
        int delimiter = boundary.length() + 4;
        for (int size = 65536 - delimiter - 3; size <= 65536 + 3; size++) {
            byte[] file = new byte[size];
            java.util.Arrays.fill(file, (byte) 'G');
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"e.gcode\""
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int step : new int[] { 1 << 20, 4096 }) {
                Multipart m = Multipart.of("multipart/form-data; boundary=" + boundary,
                        trickle(concat(head, file, tail), step));
                InputStream content = m.next().content();
                java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
                byte[] b = new byte[1 << 17];
                for (int n; (n = content.read(b, 0, b.length)) >= 0;) {
                    got.write(b, 0, n);
                }
                assertArrayEquals(file, got.toByteArray(), "a part of " + size + " bytes, read " + step + " at a time");
                assertNull(m.next());
            }
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
