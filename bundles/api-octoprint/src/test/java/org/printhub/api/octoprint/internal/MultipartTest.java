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
