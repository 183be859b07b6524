package org.printhub.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.Job;
import org.printhub.job.JobRejectedException;
import org.printhub.job.JobStorageException;
import org.printhub.job.store.SpooledDocument;

class SpoolTest {
    @TempDir
    Path dir;
    private JdbcJobStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private JdbcJobStore open(TestConfig config) {
        store = Fixtures.open(config);
        return store;
    }

    @Test
    void aDocumentPastTheLimitIsRejectedAndLeavesNoFile() {
        open(TestConfig.in(dir));
        JobRejectedException e = assertThrows(JobRejectedException.class,
                () -> store.spool("big", "application/pdf", new Endless(), 300_000));
        assertEquals(JobRejectedException.TOO_LARGE, e.reason());
        assertEquals(List.of(), spoolFiles(dir.resolve("spool")));

        SpooledDocument exact = store.spool("exact", "text/plain", new ByteArrayInputStream(new byte[100]), 100);
        assertEquals(100, exact.size());
    }

    @Test
    void aFailingSourceIsABadDocumentAndLeavesNoFile() {
        open(TestConfig.in(dir));
        JobRejectedException e = assertThrows(JobRejectedException.class,
                () -> store.spool("broken", "application/pdf", new Endless().failingAfter(200_000), 1 << 30));
        assertEquals(JobRejectedException.BAD_DOCUMENT, e.reason());
        assertEquals(List.of(), spoolFiles(dir.resolve("spool")));
    }

    @Test
    void aRejectionRaisedByTheSourceItselfPassesThrough() {
        open(TestConfig.in(dir));
        JobRejectedException own = new JobRejectedException(JobRejectedException.TOO_LARGE, "inflates too much");
        InputStream source = new InputStream() {
            @Override
            public int read() {
                throw own;
            }
        };
        assertSame(own, assertThrows(JobRejectedException.class, () -> store.spool("zip", "x/y", source, 100)));
        assertEquals(List.of(), spoolFiles(dir.resolve("spool")));
    }

    @Test
    void tooLittleFreeSpaceRefusesBeforeReading() {
        open(TestConfig.in(dir).minFreeBytes(Long.MAX_VALUE));
        Endless source = new Endless();
        JobStorageException e = assertThrows(JobStorageException.class,
                () -> store.spool("doc", "text/plain", source, 1000));
        assertTrue(e.getMessage().contains("free"), e.getMessage());
        assertEquals(0, source.served);
    }

    @Test
    void aFullDiskIsAStorageFailureAndLeavesNoFile() throws Exception {
        Path small = Files.createDirectory(dir.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString()),
                "needs permission to mount a tmpfs");
        try {
            open(TestConfig.in(dir).spoolDirectory(small.resolve("spool")).minFreeBytes(64 * 1024));
            JobStorageException e = assertThrows(JobStorageException.class,
                    () -> store.spool("huge", "application/pdf", new Endless(), 8 << 20));
            assertTrue(e.getMessage().contains("No space left"), e.getMessage());
            assertEquals(List.of(), spoolFiles(small.resolve("spool")));

            SpooledDocument fits = Fixtures.spool(store, "the space came back");
            assertEquals(19, fits.size());
        } finally {
            store.close();
            store = null;
            if (!run("umount", small.toString())) {
                run("umount", "-l", small.toString());
            }
        }
    }

    @Test
    void anUnwritableSpoolIsAStorageFailureAndLeavesNoFile() throws Exception {
        open(TestConfig.in(dir));
        Path spool = dir.resolve("spool");
        Files.writeString(spool.resolve(LocalDate.now(ZoneOffset.UTC).toString()), "a file where the day's "
                + "directory should be");
        assertThrows(JobStorageException.class, () -> Fixtures.spool(store, "doc"));
        try (Stream<Path> files = Files.list(spool)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void filesNoJobRefersToAreSweptAtActivation() throws Exception {
        TestConfig config = TestConfig.in(dir);
        open(config);
        Job kept = Fixtures.insert(store, Fixtures.draft("d"));
        SpooledDocument orphan = Fixtures.spool(store, "never inserted");
        Path bucket = dir.resolve("spool").resolve(orphan.location()).getParent();
        Path foreign = Files.writeString(bucket.resolve("README"), "not ours");
        assertEquals(3, spoolFiles(dir.resolve("spool")).size());
        store.close();

        open(config);

        assertEquals(2, spoolFiles(dir.resolve("spool")).size());
        assertFalse(Files.exists(dir.resolve("spool").resolve(orphan.location())));
        assertTrue(Files.exists(foreign));
        try (InputStream in = store.openDocument(kept.id(), 0)) {
            assertEquals(kept.documents().get(0).size(), in.readAllBytes().length);
        }
    }

    @Test
    void discardDeletesTheFile() {
        open(TestConfig.in(dir));
        SpooledDocument doc = Fixtures.spool(store, "unwanted");
        assertEquals(1, spoolFiles(dir.resolve("spool")).size());
        store.discard(doc);
        store.discard(doc);
        store.discard(new SpooledDocument("../../etc/passwd", "x", "x/y", 1, "00"));
        assertEquals(List.of(), spoolFiles(dir.resolve("spool")));
    }

    @Test
    void insertTakesOnlyDocumentsOfItsSpool() {
        open(TestConfig.in(dir));
        SpooledDocument gone = Fixtures.spool(store, "discarded");
        store.discard(gone);
        assertThrows(IllegalArgumentException.class, () -> store.insert(Fixtures.draft("d").build(), List.of(gone)));
        SpooledDocument outside = new SpooledDocument("../db/printhub.mv.db", "db", "x/y", 1, "00");
        assertThrows(IllegalArgumentException.class,
                () -> store.insert(Fixtures.draft("d").build(), List.of(outside)));
        assertEquals(0, store.query(org.printhub.job.JobQuery.all()).total());
    }

    private static List<Path> spoolFiles(Path spool) {
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Serves bytes forever, or fails after a given number. */
    static final class Endless extends InputStream {
        private final byte[] chunk = "0123456789abcdef".repeat(1024).getBytes(StandardCharsets.US_ASCII);
        private long failAfter = Long.MAX_VALUE;
        long served;

        Endless failingAfter(long bytes) {
            failAfter = bytes;
            return this;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (served >= failAfter) {
                throw new IOException("connection reset by peer");
            }
            int n = Math.min(len, chunk.length);
            System.arraycopy(chunk, 0, b, off, n);
            served += n;
            return n;
        }
    }
}
