package org.printhub.api.cirrus.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class UploadsTest {
    private static final long MAX = 1L << 40;

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T20:00:00Z"));

    private Uploads uploads() {
        return new Uploads(root, clock, Duration.ofMinutes(60), 5, 100);
    }

    @Test
    void segmentsInAnyOrderMakeTheFile() throws IOException {
        Uploads u = uploads();
        byte[] doc = random(300_000, 1);
        String name = u.create("acme");
        assertTrue(Uploads.NAME.matcher(name).matches());
        put(u, name, doc, 200_000, 300_000);
        put(u, name, doc, 0, 100_000);
        put(u, name, doc, 100_000, 200_000);
        assertArrayEquals(doc, read(u, name));
    }

    @Test
    void aResentSegmentIsAccepted() throws IOException {
        Uploads u = uploads();
        byte[] doc = random(10_000, 2);
        String name = u.create("acme");
        put(u, name, doc, 0, 6_000);
        put(u, name, doc, 0, 6_000);
        // a retry with a larger segment that covers received and new bytes
        put(u, name, doc, 4_000, 10_000);
        assertArrayEquals(doc, read(u, name));
    }

    @Test
    void anOverlapWithOtherBytesIsRefusedAndChangesNothing() throws IOException {
        Uploads u = uploads();
        byte[] doc = random(10_000, 3);
        String name = u.create("acme");
        put(u, name, doc, 0, 6_000);
        byte[] other = random(4_000, 4);
        CirrusError e = assertThrows(CirrusError.class,
                () -> u.putSegment("acme", name, 5_000, other.length, new ByteArrayInputStream(other), MAX));
        assertEquals(409, e.status());
        assertTrue(e.getMessage().contains("overlaps bytes already received"), e.getMessage());
        put(u, name, doc, 6_000, 10_000);
        assertArrayEquals(doc, read(u, name));
    }

    @Test
    void submittingAnIncompleteFileNamesTheMissingBytes() throws IOException {
        Uploads u = uploads();
        byte[] doc = random(4_000, 5);
        String name = u.create("acme");
        CirrusError empty = assertThrows(CirrusError.class, () -> u.lease("acme", name));
        assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());
        put(u, name, doc, 1_000, 2_000);
        put(u, name, doc, 3_000, 4_000);
        CirrusError e = assertThrows(CirrusError.class, () -> u.lease("acme", name));
        assertTrue(e.isFailure());
        assertEquals("file " + name + " is incomplete: bytes 0-999, 2000-2999 are missing", e.getMessage());
    }

    @Test
    void aShortBodyRecordsNothing() throws IOException {
        Uploads u = uploads();
        String name = u.create("acme");
        CirrusError e = assertThrows(CirrusError.class,
                () -> u.putSegment("acme", name, 0, 100, new ByteArrayInputStream(new byte[60]), MAX));
        assertEquals(400, e.status());
        assertThrows(CirrusError.class, () -> u.lease("acme", name));
        byte[] doc = random(100, 6);
        put(u, name, doc, 0, 100);
        assertArrayEquals(doc, read(u, name));
    }

    @Test
    void indexesAreChecked() throws IOException {
        Uploads u = uploads();
        String name = u.create("acme");
        InputStream none = InputStream.nullInputStream();
        assertEquals(400, assertThrows(CirrusError.class, () -> u.putSegment("acme", name, -1, 0, none, MAX)).status());
        assertEquals(413, assertThrows(CirrusError.class, () -> u.putSegment("acme", name, 1000, 25, none, 1024))
                .status());
        assertEquals(413, assertThrows(CirrusError.class,
                () -> u.putSegment("acme", name, Long.MAX_VALUE, 10, none, 1024)).status());
        assertEquals(411, assertThrows(CirrusError.class, () -> u.putSegment("acme", name, 0, -1, none, MAX)).status());
    }

    @Test
    void namesThatAreNotOursAreRefusedBeforeAnyFileIsTouched() throws IOException {
        Uploads u = uploads();
        for (String bad : new String[] { "../../etc/passwd", "..", "", "ABCDEF0123456789ABCDEF0123456789",
                "0123456789abcdef0123456789abcdef/..", "0123456789abcdef0123456789abcde" }) {
            assertEquals(400, assertThrows(CirrusError.class, () -> u.lease("acme", bad)).status(), bad);
        }
        CirrusError unknown = assertThrows(CirrusError.class, () -> u.lease("acme", "0123456789abcdef0123456789abcdef"));
        assertTrue(unknown.isFailure());
    }

    @Test
    void aCompanySeesOnlyItsOwnFiles() throws IOException {
        Uploads u = uploads();
        String name = u.putWhole("acme", new ByteArrayInputStream(random(10, 7)));
        assertTrue(assertThrows(CirrusError.class, () -> u.lease("other", name)).isFailure());
    }

    @Test
    void filesPerCompanyAreLimited() throws IOException {
        Uploads u = uploads();
        for (int i = 0; i < 5; i++) {
            u.create("acme");
        }
        assertTrue(assertThrows(CirrusError.class, () -> u.create("acme")).isFailure());
        u.create("other");
    }

    @Test
    void disjointRangesAreLimited() throws IOException {
        Uploads u = new Uploads(root, clock, Duration.ofMinutes(60), 5, 3);
        String name = u.create("acme");
        byte[] doc = random(100, 8);
        put(u, name, doc, 0, 10);
        put(u, name, doc, 20, 30);
        put(u, name, doc, 40, 50);
        assertThrows(CirrusError.class, () -> put(u, name, doc, 60, 70));
        put(u, name, doc, 10, 20);
        put(u, name, doc, 60, 70);
    }

    @Test
    void anEmptyPutfileLeavesNothing() throws IOException {
        Uploads u = uploads();
        assertThrows(CirrusError.class, () -> u.putWhole("acme", InputStream.nullInputStream()));
        assertEquals(0, files());
    }

    @Test
    void aFailingPutfileLeavesNothing() throws IOException {
        Uploads u = uploads();
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (++n > 5000) {
                    throw new IOException("connection reset");
                }
                return 1;
            }
        };
        assertThrows(IOException.class, () -> u.putWhole("acme", failing));
        assertEquals(0, files());
    }

    @Test
    void uploadsSurviveARestartAndATornJournalLine() throws IOException {
        byte[] doc = random(3_000, 9);
        Uploads first = uploads();
        String name = first.create("acme");
        put(first, name, doc, 0, 1_000);
        put(first, name, doc, 2_000, 3_000);
        Files.writeString(root.resolve("acme").resolve(name + ".ranges"), "1000 20",
                java.nio.file.StandardOpenOption.APPEND);

        Uploads second = uploads();
        assertThrows(CirrusError.class, () -> second.lease("acme", name));
        put(second, name, doc, 1_000, 2_000);
        assertArrayEquals(doc, read(second, name));
    }

    @Test
    void unusedFilesExpireAndUsedOnesStay() throws IOException {
        Uploads u = uploads();
        String old = u.putWhole("acme", new ByteArrayInputStream(random(10, 10)));
        String fresh = u.create("acme");
        String leased = u.putWhole("acme", new ByteArrayInputStream(random(10, 11)));
        Path scratch = u.scratch("acme");
        age(Duration.ofMinutes(61));
        put(u, fresh, random(10, 12), 0, 10);
        try (Uploads.Lease lease = u.lease("acme", leased)) {
            age(Duration.ofMinutes(61));
            put(u, fresh, random(10, 12), 0, 10);
            assertEquals(2, u.expire(), "the old file and the scratch file");
            try (InputStream in = lease.open()) {
                assertEquals(10, in.readAllBytes().length, "a leased file stays readable");
            }
        }
        assertFalse(Files.exists(scratch));
        assertTrue(assertThrows(CirrusError.class, () -> u.lease("acme", old)).getMessage().contains("no such file"));
        u.lease("acme", leased).close();
        assertEquals(0, u.expire());
        age(Duration.ofMinutes(61));
        assertEquals(2, u.expire());
        assertEquals(0, files());
    }

    /** Bigger than the test heap (-Xmx64m): the segments and the read-back stream through. */
    @Test
    void aFileLargerThanTheHeapStreams() throws Exception {
        Uploads u = uploads();
        String name = u.create("acme");
        long size = 96L << 20;
        int segment = 8 << 20;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        for (long at = size - segment; at >= 0; at -= segment) {
            byte[] part = pattern(at, segment);
            u.putSegment("acme", name, at, segment, new ByteArrayInputStream(part), MAX);
        }
        for (long at = 0; at < size; at += segment) {
            sent.update(pattern(at, segment));
        }
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        try (Uploads.Lease lease = u.lease("acme", name); InputStream in = lease.open()) {
            assertEquals(size, lease.size());
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.update(buf, 0, n);
            }
        }
        assertArrayEquals(sent.digest(), got.digest());
    }

    private void age(Duration d) {
        clock.now = clock.now.plus(d);
    }

    private long files() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static void put(Uploads u, String name, byte[] doc, int from, int to) throws IOException {
        assertEquals(to - from, u.putSegment("acme", name, from, to - from,
                new ByteArrayInputStream(Arrays.copyOfRange(doc, from, to)), MAX));
    }

    private static byte[] read(Uploads u, String name) throws IOException {
        try (Uploads.Lease lease = u.lease("acme", name); InputStream in = lease.open()) {
            return in.readAllBytes();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] pattern(long at, int size) {
        byte[] b = new byte[size];
        new Random(at).nextBytes(b);
        return b;
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
