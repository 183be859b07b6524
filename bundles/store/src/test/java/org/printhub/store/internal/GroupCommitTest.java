package org.printhub.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.h2.store.fs.FilePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.Job;
import org.printhub.job.JobQuery;
import org.printhub.job.JobStorageException;
import org.printhub.job.store.SpooledDocument;

class GroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void concurrentInsertsShareCommitsAndAllSucceedWithDistinctIds() throws Exception {
        int threads = 8;
        int rounds = 25;
        JdbcJobStore store = Fixtures.open(TestConfig.in(dir));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier barrier = new CyclicBarrier(threads);
            List<Future<List<Job>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    List<Job> mine = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        SpooledDocument doc = Fixtures.spool(store, "round " + r);
                        barrier.await();
                        mine.add(store.insert(Fixtures.draft("d").build(), List.of(doc)));
                    }
                    return mine;
                }));
            }
            Set<Long> ids = new HashSet<>();
            for (Future<List<Job>> r : results) {
                for (Job job : r.get()) {
                    assertTrue(ids.add(job.id()), "id " + job.id() + " given twice");
                    assertEquals(job, store.find(job.id()).orElseThrow());
                }
            }
            assertEquals(threads * rounds, ids.size());
            assertEquals(threads * rounds, store.query(JobQuery.all()).total());
            GroupCommitWriter writer = store.writer();
            assertTrue(writer.largestBatch() > 1, "largest batch " + writer.largestBatch());
            assertTrue(writer.batches() < threads * rounds, writer.batches() + " batches");
        } finally {
            pool.shutdownNow();
            store.close();
        }
    }

    @Test
    void closingFinishesQueuedInsertsAndLeavesNothingRunning() throws Exception {
        TestConfig config = TestConfig.in(dir);
        JdbcJobStore store = Fixtures.open(config);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Job>>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            results.add(pool.submit(() -> {
                List<Job> accepted = new ArrayList<>();
                try {
                    while (true) {
                        accepted.add(store.insert(Fixtures.draft("d").build(), List.of()));
                    }
                } catch (JobStorageException e) {
                    assertTrue(e.getMessage().contains("closed"), e.getMessage());
                }
                return accepted;
            }));
        }
        Thread.sleep(300);
        store.close();
        assertEquals(List.of(), storeThreads());

        JdbcJobStore reopened = Fixtures.open(config);
        try {
            int accepted = 0;
            for (Future<List<Job>> r : results) {
                for (Job job : r.get()) {
                    assertEquals(job, reopened.find(job.id()).orElseThrow());
                    accepted++;
                }
            }
            assertTrue(accepted > 0);
            assertEquals(accepted, reopened.query(JobQuery.all()).total());
        } finally {
            pool.shutdownNow();
            reopened.close();
        }
    }

    private static List<String> storeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("printhub-store") || n.startsWith("MVStore") || n.startsWith("H2-"))
                .toList();
    }

    @Test
    void withTheJournalAnInsertReturnsOnlyOnceItsRecordIsThere() throws Exception {
        JdbcJobStore store = Fixtures.open(TestConfig.in(dir));
        try {
            for (int i = 0; i < 20; i++) {
                Job job = Fixtures.insert(store, Fixtures.draft("d"));
                assertTrue(Journal.replay(dir.resolve("journal")).stream().anyMatch(e -> e.job().equals(job)),
                        "job " + job.id() + " is in the journal when insert returns");
            }
        } finally {
            store.close();
        }
    }

    @Test
    void withoutTheJournalAnInsertReturnsOnlyOnceTheDatabaseFileIsForced() throws Exception {
        FilePath.register(new ForceTrackingFilePath());
        String url = "jdbc:h2:forcetrack:" + dir.resolve("db").resolve("printhub") + ";DB_CLOSE_ON_EXIT=FALSE";
        JdbcJobStore store = Fixtures.open(TestConfig.in(dir).url(url).journal(false));
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            for (int i = 0; i < 20; i++) {
                long before = ForceTrackingFilePath.WRITTEN.get();
                Fixtures.insert(store, Fixtures.draft("d"));
                long after = ForceTrackingFilePath.WRITTEN.get();
                assertTrue(after > before, "the insert reached the file");
                assertTrue(ForceTrackingFilePath.FORCED.get() >= after, "and was forced");
            }
            // why the store forces at all: a plain H2 commit is neither written nor forced when it returns
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO paused_devices (device_id) VALUES ('x')");
            }
            long before = ForceTrackingFilePath.WRITTEN.get();
            c.commit();
            long after = ForceTrackingFilePath.WRITTEN.get();
            assertTrue(after == before || ForceTrackingFilePath.FORCED.get() < after);
        } finally {
            store.close();
        }
    }
}
