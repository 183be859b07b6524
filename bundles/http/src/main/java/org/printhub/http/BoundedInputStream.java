package org.printhub.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Passes at most a given number of bytes through and throws {@link RequestTooLargeException} when the
 * source has more. Reads at most one byte beyond the limit to find out.
 */
public final class BoundedInputStream extends FilterInputStream {
    private final long max;
    private long count;

    public BoundedInputStream(InputStream in, long maxBytes) {
        super(in);
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        this.max = maxBytes;
    }

    /**
     * The request body, bounded. A declared {@code Content-Length} over the limit fails at once, before
     * anything is read.
     *
     * @throws RequestTooLargeException if the declared length exceeds {@code maxBytes}
     */
    public static BoundedInputStream of(HttpServletRequest request, long maxBytes) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            throw new RequestTooLargeException(maxBytes);
        }
        return new BoundedInputStream(request.getInputStream(), maxBytes);
    }

    /** Bytes passed through so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (count >= max) {
            if (in.read() < 0) {
                return -1;
            }
            throw new RequestTooLargeException(max);
        }
        int n = in.read(b, off, (int) Math.min(len, max - count));
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), max - count);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
