package org.printhub.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InflatingInputStreamTest {
    private static final long MB = 1 << 20;
    private static final int[] SIZES = { 0, 1, 100, 8191, 8192, 8193, 65537, 1_000_003 };

    private static InflatingInputStream inflate(byte[] compressed, Compression format) {
        return new InflatingInputStream(new ByteArrayInputStream(compressed), format, 64 * MB, 100, MB);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = { "ZLIB", "GZIP", "DEFLATE" })
    void roundTripsRandomDataOfSeveralSizes(Compression format) throws IOException {
        for (int size : SIZES) {
            byte[] data = Streams.random(size, size);
            byte[] compressed = Streams.compress(data, format);
            InflatingInputStream in = inflate(compressed, format);
            assertArrayEquals(data, readAll(in), format + " " + size);
            assertEquals(size, in.count());
            assertEquals(compressed.length, in.compressedCount(), format + " " + size);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = { "ZLIB", "GZIP", "DEFLATE" })
    void readsByteByByte(Compression format) throws IOException {
        byte[] data = Streams.random(20_000, 7);
        try (InputStream in = inflate(Streams.compress(data, format), format)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0;) {
                out.write(b);
            }
            assertArrayEquals(data, out.toByteArray());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = { "ZLIB", "GZIP", "DEFLATE" })
    void shortBodiesThatCompressVeryWellPassBelowTheFloor(Compression format) throws IOException {
        byte[] zeros = new byte[900_000];
        byte[] compressed = Streams.compress(zeros, format);
        assertTrue(zeros.length / compressed.length > 100, "the test data must exceed the ratio");
        assertArrayEquals(zeros, readAll(inflate(compressed, format)));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = { "ZLIB", "GZIP", "DEFLATE" })
    void stopsABombBySize(Compression format) throws IOException {
        InputStream bomb = Streams.compressedLazily(50 * MB, true, format);
        InflatingInputStream in = new InflatingInputStream(bomb, format, 3 * MB, 1_000_000, 100 * MB);
        DecompressionLimitException e = assertThrows(DecompressionLimitException.class, () -> drain(in));
        assertEquals(DecompressionLimitException.Kind.SIZE, e.kind());
        assertEquals(3 * MB, e.limit());
        assertTrue(in.count() <= 3 * MB + 1, "stopped at the limit, not after: " + in.count());
        assertEquals(413, e.status());
        assertThrows(DecompressionLimitException.class, () -> in.read(), "a failed stream stays failed");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = { "ZLIB", "GZIP", "DEFLATE" })
    void stopsABombByRatioSoonAfterTheFloor(Compression format) throws IOException {
        InputStream bomb = Streams.compressedLazily(500 * MB, true, format);
        InflatingInputStream in = new InflatingInputStream(bomb, format, 1024 * MB, 100, MB);
        DecompressionLimitException e = assertThrows(DecompressionLimitException.class, () -> drain(in));
        assertEquals(DecompressionLimitException.Kind.RATIO, e.kind());
        assertEquals(100, e.limit());
        assertTrue(in.count() < 2 * MB, "stopped soon after the floor: " + in.count());
        assertTrue(e.getMessage().contains("100:1"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = { "ZLIB", "GZIP" })
    void truncatedInputIsAnErrorWhereverItIsCut(Compression format) throws IOException {
        byte[] data = Streams.random(50_000, 3);
        byte[] compressed = Streams.compress(data, format);
        for (int cut : new int[] { 0, 1, 2, 5, 11, compressed.length / 2, compressed.length - 5,
                compressed.length - 1 }) {
            byte[] truncated = Arrays.copyOf(compressed, cut);
            CorruptCompressedDataException e = assertThrows(CorruptCompressedDataException.class,
                    () -> readAll(inflate(truncated, format)), format + " cut at " + cut);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            assertEquals(400, e.status());
        }
    }

    @Test
    void truncatedRawDeflateIsAnError() throws IOException {
        byte[] compressed = Streams.compress(Streams.random(50_000, 4), Compression.DEFLATE);
        for (int cut : new int[] { 0, 1, compressed.length / 2, compressed.length - 1 }) {
            byte[] truncated = Arrays.copyOf(compressed, cut);
            assertThrows(CorruptCompressedDataException.class, () -> readAll(inflate(truncated, Compression.DEFLATE)),
                    "cut at " + cut);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = { "ZLIB", "GZIP" })
    void corruptPayloadIsDetected(Compression format) throws IOException {
        byte[] data = Streams.random(50_000, 5);
        byte[] compressed = Streams.compress(data, format);
        for (int at : new int[] { compressed.length / 3, compressed.length / 2, compressed.length - 3 }) {
            byte[] corrupt = compressed.clone();
            corrupt[at] ^= 0x5a;
            assertThrows(CorruptCompressedDataException.class, () -> readAll(inflate(corrupt, format)),
                    format + " flipped at " + at);
        }
    }

    @Test
    void wrongFormatIsCorrupt() throws IOException {
        byte[] zlib = Streams.compress(Streams.random(1000, 6), Compression.ZLIB);
        CorruptCompressedDataException e = assertThrows(CorruptCompressedDataException.class,
                () -> readAll(inflate(zlib, Compression.GZIP)));
        assertEquals("not gzip data", e.getMessage());
        byte[] gzip = Streams.compress(Streams.random(1000, 6), Compression.GZIP);
        assertThrows(CorruptCompressedDataException.class, () -> readAll(inflate(gzip, Compression.ZLIB)));
        byte[] invalidBlockType = { (byte) 0xff, 0, 0, 0 };
        assertThrows(CorruptCompressedDataException.class,
                () -> readAll(inflate(invalidBlockType, Compression.DEFLATE)));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = { "ZLIB", "GZIP", "DEFLATE" })
    void dataAfterTheEndIsAnError(Compression format) throws IOException {
        byte[] compressed = Streams.compress(Streams.random(1000, 8), format);
        byte[] withTrailer = Arrays.copyOf(compressed, compressed.length + 3);
        CorruptCompressedDataException e = assertThrows(CorruptCompressedDataException.class,
                () -> readAll(inflate(withTrailer, format)));
        assertTrue(e.getMessage().contains("after the end"), e.getMessage());
    }

    @Test
    void concatenatedGzipMembersAreOneBody() throws IOException {
        byte[] a = Streams.random(10_000, 9);
        byte[] b = Streams.random(20_000, 10);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(Streams.compress(a, Compression.GZIP));
        both.write(Streams.compress(b, Compression.GZIP));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(a);
        expected.write(b);
        assertArrayEquals(expected.toByteArray(), readAll(inflate(both.toByteArray(), Compression.GZIP)));
    }

    @Test
    void gzipHeaderWithExtraNameCommentAndHeaderCrc() throws IOException {
        byte[] data = Streams.random(5000, 11);
        byte[] raw = Streams.compress(data, Compression.DEFLATE);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(new byte[] { 0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 1, 2, 3, 4, 0, 3 });
        header.write(new byte[] { 3, 0, 'a', 'b', 'c' });
        header.write("doc.pdf\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        header.write("a comment\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        CRC32 hcrc = new CRC32();
        hcrc.update(header.toByteArray());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        gz.write(header.toByteArray());
        gz.write((int) hcrc.getValue() & 0xff);
        gz.write((int) (hcrc.getValue() >> 8) & 0xff);
        gz.write(raw);
        CRC32 crc = new CRC32();
        crc.update(data);
        for (long v : new long[] { crc.getValue(), data.length }) {
            for (int i = 0; i < 4; i++) {
                gz.write((int) (v >> (8 * i)) & 0xff);
            }
        }
        byte[] good = gz.toByteArray();
        assertArrayEquals(data, readAll(inflate(good, Compression.GZIP)));
        byte[] badHeaderCrc = good.clone();
        badHeaderCrc[header.size()] ^= 1;
        assertThrows(CorruptCompressedDataException.class, () -> readAll(inflate(badHeaderCrc, Compression.GZIP)));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = { "ZLIB", "GZIP" })
    void inflatesA100MegabyteStreamWithBoundedMemory(Compression format) throws IOException {
        long size = 100 * MB;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        long maxRetained = 0;
        CRC32 crc = new CRC32();
        Streams.Source check = new Streams.Source(size, false);
        try (InflatingInputStream in = new InflatingInputStream(Streams.compressedLazily(size, false, format), format,
                200 * MB, 100, MB)) {
            byte[] buf = new byte[65536];
            byte[] expected = new byte[65536];
            long total = 0;
            long nextSample = 0;
            for (int n; (n = in.read(buf, 0, buf.length)) >= 0;) {
                int got = 0;
                while (got < n) {
                    got += check.read(expected, got, n - got);
                }
                if (!Arrays.equals(buf, 0, n, expected, 0, n)) {
                    throw new AssertionError("wrong bytes at " + total);
                }
                crc.update(buf, 0, n);
                total += n;
                if (total >= nextSample) {
                    System.gc();
                    maxRetained = Math.max(maxRetained, memory.getHeapMemoryUsage().getUsed() - before);
                    nextSample += 20 * MB;
                }
            }
            assertEquals(size, total);
            assertEquals(check.crc(), crc.getValue());
        }
        // The surefire JVM runs with -Xmx64m as well, so buffering the body would fail with OutOfMemoryError.
        assertTrue(maxRetained < 16 * MB, "retained heap while inflating: " + maxRetained);
    }

    @Test
    void closeEndsTheInflaterAndTheSource() throws IOException {
        boolean[] closed = { false };
        InputStream source = new ByteArrayInputStream(Streams.compress(new byte[10], Compression.ZLIB)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        InflatingInputStream in = new InflatingInputStream(source, Compression.ZLIB, MB, 100, MB);
        in.close();
        assertTrue(closed[0]);
        assertThrows(IOException.class, () -> in.read());
    }

    @Test
    void limitsDecompressNoneIsThePlainStream() {
        InputStream plain = new ByteArrayInputStream(new byte[1]);
        assertTrue(Limits.defaults().decompress(plain, Compression.NONE) == plain);
        assertTrue(Limits.defaults().decompress(plain, Compression.GZIP) instanceof InflatingInputStream);
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[65536];
        while (in.read(buf) >= 0) {
            // discard
        }
    }
}
