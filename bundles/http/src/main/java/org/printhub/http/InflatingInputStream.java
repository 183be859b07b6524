package org.printhub.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a zlib, gzip or raw deflate stream as it is read, holding only a small buffer, and enforces a
 * maximum decompressed size and a maximum expansion ratio (decompressed bytes per compressed byte, checked
 * on every read once the output passes a floor, so that short bodies that compress well pass).
 *
 * <p>Every way a stream can be wrong is an exception, never a silent end: a stream that ends before its
 * end marker (or, for gzip and zlib, before its checksum), a checksum that does not match, and bytes after
 * the end of a zlib or deflate stream or between gzip members throw {@link CorruptCompressedDataException};
 * exceeding a limit throws {@link DecompressionLimitException}. After an exception every further read
 * throws it again. Not thread-safe.
 */
public final class InflatingInputStream extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream in;
    private final Compression format;
    private final long maxBytes;
    private final long maxRatio;
    private final long ratioFloor;
    private final Inflater inflater;
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[8192];
    private int pos;
    private int lim;
    private long filled;
    private long produced;
    private long memberProduced;
    private boolean headerPending;
    private boolean done;
    private boolean closed;
    private IOException failure;

    /**
     * @param format {@link Compression#ZLIB}, {@link Compression#GZIP} or {@link Compression#DEFLATE}
     * @param maxBytes the most decompressed bytes allowed
     * @param maxRatio the most decompressed bytes allowed per compressed byte once past {@code ratioFloorBytes}
     * @param ratioFloorBytes decompressed bytes allowed before the ratio is checked
     */
    public InflatingInputStream(InputStream in, Compression format, long maxBytes, long maxRatio,
            long ratioFloorBytes) {
        if (format == Compression.NONE) {
            throw new IllegalArgumentException("nothing to inflate for " + format);
        }
        if (maxBytes < 0 || maxRatio < 1 || ratioFloorBytes < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.in = Objects.requireNonNull(in, "in");
        this.format = format;
        this.maxBytes = maxBytes;
        this.maxRatio = maxRatio;
        this.ratioFloor = ratioFloorBytes;
        this.inflater = new Inflater(format != Compression.ZLIB);
        this.headerPending = format == Compression.GZIP;
    }

    /** Decompressed bytes returned so far. */
    public long count() {
        return produced;
    }

    /** Compressed bytes consumed so far. */
    public long compressedCount() {
        return filled - (lim - pos);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            return inflate(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private int inflate(byte[] b, int off, int len) throws IOException {
        if (headerPending) {
            readGzipHeader();
        }
        long room = maxBytes - produced;
        int want = room >= len ? len : (int) room + 1;
        int stalls = 0;
        while (true) {
            int n;
            try {
                n = inflater.inflate(b, off, want);
            } catch (DataFormatException e) {
                throw new CorruptCompressedDataException("corrupt " + name() + " data: " + e.getMessage(), e);
            }
            pos = lim - inflater.getRemaining();
            if (n > 0) {
                produced += n;
                memberProduced += n;
                if (format == Compression.GZIP) {
                    crc.update(b, off, n);
                }
                checkLimits();
                return n;
            }
            if (inflater.finished()) {
                if (!nextMember()) {
                    done = true;
                    return -1;
                }
            } else if (inflater.needsDictionary()) {
                throw new CorruptCompressedDataException("the " + name() + " stream needs a preset dictionary");
            } else if (inflater.needsInput()) {
                if (!fill()) {
                    throw new CorruptCompressedDataException("truncated " + name() + " data: the stream ends early");
                }
                inflater.setInput(buf, pos, lim - pos);
            } else if (++stalls > 100) {
                throw new CorruptCompressedDataException("corrupt " + name() + " data: no progress");
            }
        }
    }

    private void checkLimits() throws DecompressionLimitException {
        if (produced > maxBytes) {
            throw new DecompressionLimitException(DecompressionLimitException.Kind.SIZE, maxBytes);
        }
        if (produced > ratioFloor && produced / (double) Math.max(1, compressedCount()) > maxRatio) {
            throw new DecompressionLimitException(DecompressionLimitException.Kind.RATIO, maxRatio);
        }
    }

    /** At the end of a deflate stream: checks what follows, and starts the next gzip member if one does. */
    private boolean nextMember() throws IOException {
        if (format != Compression.GZIP) {
            if (pos < lim || fill()) {
                throw new CorruptCompressedDataException("unexpected data after the end of the " + name() + " stream");
            }
            return false;
        }
        long expectedCrc = readLittleEndian32("gzip trailer");
        long expectedSize = readLittleEndian32("gzip trailer");
        if (expectedCrc != crc.getValue()) {
            throw new CorruptCompressedDataException("corrupt gzip data: CRC mismatch");
        }
        if (expectedSize != (memberProduced & 0xffffffffL)) {
            throw new CorruptCompressedDataException("corrupt gzip data: length mismatch");
        }
        if (pos == lim && !fill()) {
            return false;
        }
        inflater.reset();
        crc.reset();
        memberProduced = 0;
        readGzipHeader();
        return true;
    }

    private void readGzipHeader() throws IOException {
        CRC32 headerCrc = new CRC32();
        int id1 = nextByte("gzip header", headerCrc);
        int id2 = nextByte("gzip header", headerCrc);
        if (id1 != 0x1f || id2 != 0x8b) {
            throw new CorruptCompressedDataException(produced == 0 ? "not gzip data"
                    : "unexpected data after the end of the gzip stream");
        }
        if (nextByte("gzip header", headerCrc) != 8) {
            throw new CorruptCompressedDataException("unsupported gzip compression method");
        }
        int flags = nextByte("gzip header", headerCrc);
        if ((flags & 0xe0) != 0) {
            throw new CorruptCompressedDataException("corrupt gzip header: reserved flags set");
        }
        for (int i = 0; i < 6; i++) {
            nextByte("gzip header", headerCrc);
        }
        if ((flags & FEXTRA) != 0) {
            int xlen = nextByte("gzip header", headerCrc) | nextByte("gzip header", headerCrc) << 8;
            for (int i = 0; i < xlen; i++) {
                nextByte("gzip header", headerCrc);
            }
        }
        if ((flags & FNAME) != 0) {
            while (nextByte("gzip header", headerCrc) != 0) {
                // skip the zero-terminated file name
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (nextByte("gzip header", headerCrc) != 0) {
                // skip the zero-terminated comment
            }
        }
        if ((flags & FHCRC) != 0) {
            int expected = nextByte("gzip header", null) | nextByte("gzip header", null) << 8;
            if (expected != (int) (headerCrc.getValue() & 0xffff)) {
                throw new CorruptCompressedDataException("corrupt gzip header: CRC mismatch");
            }
        }
        headerPending = false;
        inflater.setInput(buf, pos, lim - pos);
    }

    private long readLittleEndian32(String what) throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) nextByte(what, null) << (8 * i);
        }
        return v;
    }

    private int nextByte(String what, CRC32 checksum) throws IOException {
        if (pos == lim && !fill()) {
            throw new CorruptCompressedDataException("truncated " + what);
        }
        int b = buf[pos++] & 0xff;
        if (checksum != null) {
            checksum.update(b);
        }
        return b;
    }

    /** Refills the buffer once everything in it has been consumed; false at the end of the source. */
    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            pos = 0;
            lim = 0;
            return false;
        }
        pos = 0;
        lim = n;
        filled += n;
        return true;
    }

    private String name() {
        return format == Compression.DEFLATE ? "deflate" : format.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            inflater.end();
            in.close();
        }
    }
}
