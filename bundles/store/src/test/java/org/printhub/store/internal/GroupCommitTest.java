package org.printhub.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.h2.store.fs.FilePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.Job;
import org.printhub.job.JobQuery;
import org.printhub.job.JobState;
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

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void checkpointsWhileJobsArriveAndChangeKeepEveryJobAndAtMostOnePreparedFile() throws Exception {
        TestConfig config = TestConfig.in(dir);
        Path journalDir = dir.resolve("journal");
        JdbcJobStore store = Fixtures.open(config);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Map<Long, Job> last = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        int mostFiles = 0;
        try {
            String first = Journal.files(journalDir).get(0).getFileName().toString();
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                clients.add(pool.submit(() -> {
                    while (!stop.get()) {
                        Job job = Fixtures.insert(store, Fixtures.draft("d"));
                        Job changed = store.update(job.toBuilder().state(JobState.PROCESSING, "job-printing")
                                .build()).orElseThrow();
                        store.sync();
                        last.put(changed.id(), changed);
                    }
                    return null;
                }));
            }
            // until two checkpoints (every 2 s) left files behind: the first file and the one after it are gone
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int gone = 0;
            Set<String> seen = new HashSet<>();
            while (gone < 2 && System.nanoTime() < deadline) {
                List<String> names;
                try (Stream<Path> files = Files.list(journalDir)) {
                    names = files.map(p -> p.getFileName().toString()).toList();
                }
                long preparing = names.stream().filter(n -> n.endsWith(".preparing")).count();
                assertTrue(preparing <= 1, "one file prepared at a time: " + names);
                // the file appended to, the next one (prepared or being prepared), and the one just left until the
                // checkpoint after its rotation deletes it
                assertTrue(names.size() <= 3, "journal files: " + names);
                mostFiles = Math.max(mostFiles, names.size());
                seen.addAll(names.stream().filter(n -> n.endsWith(".log")).toList());
                Set<String> now = Set.copyOf(names);
                gone = (int) seen.stream().filter(n -> !now.contains(n)).count();
                Thread.sleep(10);
            }
            assertTrue(gone >= 2, "checkpoints deleted " + gone + " file(s) since " + first);
            stop.set(true);
            for (Future<?> c : clients) {
                c.get(30, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
            store.close();
        }
        try (Stream<Path> files = Files.list(journalDir)) {
            assertEquals(1, files.count(), "after close: the file appended to last, no prepared one");
        }
        JdbcJobStore reopened = Fixtures.open(config);
        try {
            assertTrue(last.size() > 10, last.size() + " jobs");
            for (Job job : last.values()) {
                assertEquals(job, reopened.find(job.id()).orElseThrow());
            }
            assertEquals(last.size(), reopened.query(JobQuery.all()).total());
        } finally {
            reopened.close();
        }
        assertTrue(mostFiles >= 2, "a prepared file was seen beside the one appended to");
    }

    @Test
    void anIdleStoreWritesNoNewJournalFiles() throws Exception {
        Path journalDir = dir.resolve("journal");
        JdbcJobStore store = Fixtures.open(TestConfig.in(dir));
        try {
            Fixtures.insert(store, Fixtures.draft("d"));
            List<Path> before = Journal.files(journalDir);
            // past a checkpoint: it rotates once for the insert, then never again while nothing is appended
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (Journal.files(journalDir).containsAll(before) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(500); // the next file is prepared meanwhile
            List<Path> idle = Journal.files(journalDir);
            Thread.sleep(2_500); // longer than the checkpoint interval
            assertEquals(idle, Journal.files(journalDir));
        } finally {
            store.close();
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
