package org.printhub.store.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.Job;
import org.printhub.job.JobQuery;
import org.printhub.job.JobState;
import org.printhub.job.store.Dispatched;
import org.printhub.job.store.SpooledDocument;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalTest {
    @TempDir
    Path dir;

    /** Jobs as the store would journal them, without a database. */
    private static List<Job> jobs(long firstId, int count) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(Fixtures.draft("office").id(firstId + i).revision(1).name("job " + (firstId + i)).build());
        }
        return jobs;
    }

    private static List<List<SpooledDocument>> noDocuments(int count) {
        List<List<SpooledDocument>> none = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            none.add(List.of());
        }
        return none;
    }

    private static Job changed(Job job, int revision) {
        return job.toBuilder().revision(revision).state(JobState.PROCESSING, "job-printing").build();
    }

    private static void writeAt(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b, offset + b.position());
            }
        }
    }

    private static byte[] readAt(Path file, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            while (b.hasRemaining() && ch.read(b, offset + b.position()) >= 0) {
                // until full
            }
            return b.array();
        }
    }

    private static List<Long> ids(List<Journal.Entry> entries) {
        return entries.stream().map(e -> e.job().id()).toList();
    }

    /** Waits (bounded) until the journal has prepared its next file, named as a journal file. */
    private static Path awaitSpare(Path journalDir, Path current) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (Path p : Journal.files(journalDir)) {
                if (p.getFileName().toString().compareTo(current.getFileName().toString()) > 0) {
                    return p;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no next journal file was prepared in " + journalDir);
    }

    @Test
    void recordsInAPreallocatedFileReplayExactlyAndItsZeroTailIsACleanEnd() throws Exception {
        Path journalDir = dir.resolve("journal");
        List<Job> accepted = jobs(1, 3);
        Path file;
        try (Journal journal = new Journal(journalDir)) {
            file = Journal.files(journalDir).get(0);
            assertEquals(Journal.FILE_BYTES, Files.size(file), "created at its full size before any record");
            journal.commitInserts(accepted, noDocuments(3));
            journal.appendUpdate(changed(accepted.get(0), 2));
            journal.commitDelete(accepted.get(1).id());
            assertEquals(Journal.FILE_BYTES, Files.size(file), "records overwrite the zeros");
            assertTrue(journal.size() > 0 && journal.size() < 4096, "size is the records', not the file's: "
                    + journal.size());
            assertArrayEquals(new byte[4096], readAt(file, journal.size(), 4096), "zeros after the records");
        }
        Journal.Replay replay = Journal.read(journalDir);
        assertEquals(List.of(1L, 3L), ids(replay.inserts()));
        assertEquals(List.of(accepted.get(0), accepted.get(2)), replay.inserts().stream().map(Journal.Entry::job)
                .toList());
        assertEquals(List.of(changed(accepted.get(0), 2)), replay.updates());
        assertEquals(List.of(), replay.torn(), "the zero tail is the end of the records, not a torn one");
    }

    @Test
    void aTornRecordFollowedByZerosEndsTheFileThere() throws Exception {
        Path journalDir = dir.resolve("journal");
        List<Job> accepted = jobs(1, 3);
        long third;
        try (Journal journal = new Journal(journalDir)) {
            journal.commitInserts(accepted.subList(0, 1), noDocuments(1));
            journal.commitInserts(accepted.subList(1, 2), noDocuments(1));
            third = journal.size();
            journal.commitInserts(accepted.subList(2, 3), noDocuments(1));
        }
        Path file = Journal.files(journalDir).get(0);
        // the second record's last byte did not reach the disk: its CRC no longer matches
        writeAt(file, third - 1, new byte[] { (byte) ~readAt(file, third - 1, 1)[0] });

        Journal.Replay replay = Journal.read(journalDir);
        assertEquals(List.of(1L), ids(replay.inserts()), "nothing after the torn record is read");
        assertEquals(List.of(file), replay.torn());
    }

    @Test
    void nothingIsReadPastAZeroHeaderEvenIfDataFollowsIt() throws Exception {
        Path journalDir = dir.resolve("journal");
        List<Job> accepted = jobs(1, 2);
        long end;
        byte[] secondRecord;
        try (Journal journal = new Journal(journalDir)) {
            journal.commitInserts(accepted.subList(0, 1), noDocuments(1));
            long first = journal.size();
            journal.commitInserts(accepted.subList(1, 2), noDocuments(1));
            end = journal.size();
            secondRecord = readAt(Journal.files(journalDir).get(0), first, (int) (end - first));
        }
        Path file = Journal.files(journalDir).get(0);
        // a whole, valid record a little after the end of the records: the page of its start was lost in a crash,
        // or it is stale; either way it was never acknowledged, and replay must not reach it
        writeAt(file, end + 4096, secondRecord);
        writeAt(file, end - secondRecord.length, new byte[secondRecord.length]);

        Journal.Replay replay = Journal.read(journalDir);
        assertEquals(List.of(1L), ids(replay.inserts()));
        assertEquals(List.of(file), replay.torn(), "data after a zero header is reported, not read");
    }

    @Test
    void aSparePreparedBeforeACrashIsNotReplayedAndGoesAtTheNextOpen() throws Exception {
        TestConfig config = TestConfig.in(dir);
        Accepted a = acceptThenLoseTheDatabase(config, 3);
        Path journalDir = dir.resolve("journal");
        Path live = dir.resolve("live");
        Path spare;
        try (Journal journal = new Journal(live)) {
            Path current = Journal.files(live).get(0);
            journal.commitInserts(a.jobs(), a.documents());
            spare = awaitSpare(live, current);
            // what a crash leaves: the file with the records, the next one prepared, and one half-prepared
            replace(journalDir, live);
        }
        Path halfPrepared = journalDir.resolve(String.format("journal-%016x.log.preparing", 99));
        Files.write(halfPrepared, new byte[] { 0x50, 0x48, 0x4a, 0x31, 7, 7, 7 });
        Path crashedSpare = journalDir.resolve(spare.getFileName());
        assertEquals(Journal.FILE_BYTES, Files.size(crashedSpare));

        Journal.Replay replay = Journal.read(journalDir);
        assertEquals(a.jobs().stream().map(Job::id).toList(), ids(replay.inserts()),
                "the spare adds nothing, the half-prepared file is not a journal file");
        assertEquals(List.of(), replay.torn());
        JdbcJobStore reopened = Fixtures.open(config);
        try {
            for (Job job : a.jobs()) {
                assertEquals(job, reopened.find(job.id()).orElseThrow());
            }
            assertFalse(Files.exists(crashedSpare), "the spare of the crashed run is gone");
            assertFalse(Files.exists(halfPrepared), "the half-prepared file is gone");
            assertTrue(Journal.files(journalDir).size() <= 2, "the new file and at most one spare: "
                    + Journal.files(journalDir));
        } finally {
            reopened.close();
        }
        try (Stream<Path> left = Files.list(journalDir)) {
            assertEquals(1, left.count(), "closing removes the unused spare");
        }
    }

    @Test
    void appendsPastThePreallocatedSizeGrowTheFileAndAreReplayed() throws Exception {
        Path journalDir = dir.resolve("journal");
        List<Job> accepted = jobs(1, 40);
        try (Journal journal = new Journal(journalDir, 4096)) {
            Path file = Journal.files(journalDir).get(0);
            for (Job job : accepted) {
                journal.commitInserts(List.of(job), noDocuments(1));
                journal.appendUpdate(changed(job, 2));
            }
            journal.force();
            assertTrue(journal.size() > 4096, "written past the preallocated size: " + journal.size());
            assertEquals(journal.size(), Files.size(file), "grown by what was written, not more");
        }
        Journal.Replay replay = Journal.read(journalDir);
        assertEquals(accepted.stream().map(Job::id).toList(), ids(replay.inserts()));
        assertEquals(accepted.stream().map(j -> changed(j, 2)).toList(), replay.updates());
        assertEquals(List.of(), replay.torn());
    }

    @Test
    void rotatingWhileOthersAppendAndForceLosesNoRecord() throws Exception {
        Path journalDir = dir.resolve("journal");
        int threads = 4;
        int perThread = 300;
        Map<Long, Job> forced = new ConcurrentHashMap<>();
        Set<Path> handedBack = new HashSet<>();
        int rotations = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Journal journal = new Journal(journalDir, 16 << 10)) {
            AtomicBoolean done = new AtomicBoolean();
            List<Future<?>> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long first = 1 + (long) t * perThread;
                appenders.add(pool.submit(() -> {
                    for (Job job : jobs(first, perThread)) {
                        if (job.id() % 3 == 0) {
                            journal.commitInserts(List.of(job), noDocuments(1));
                        } else {
                            journal.appendUpdate(job);
                            journal.force();
                        }
                        forced.put(job.id(), job);
                    }
                    return null;
                }));
            }
            pool.submit(() -> {
                for (Future<?> f : appenders) {
                    f.get();
                }
                done.set(true);
                return null;
            });
            while (!done.get()) {
                Path current = Journal.files(journalDir).stream().filter(p -> !handedBack.contains(p))
                        .findFirst().orElseThrow();
                List<Path> old = journal.rotate();
                rotations++;
                assertTrue(old.contains(current), "the file left is handed back: " + old);
                List<Path> kept = Journal.files(journalDir).stream().filter(p -> !old.contains(p)).toList();
                assertTrue(kept.size() >= 1 && kept.size() <= 2, "kept: the new file and at most its spare: "
                        + kept);
                handedBack.addAll(old);
            }
            for (Future<?> f : appenders) {
                f.get(60, TimeUnit.SECONDS);
            }
            List<Path> notHandedBack = Journal.files(journalDir).stream().filter(p -> !handedBack.contains(p))
                    .toList();
            assertTrue(notHandedBack.size() >= 1 && notHandedBack.size() <= 2,
                    "only the file appended to and its spare are kept from a checkpoint: " + notHandedBack);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(rotations > 1, rotations + " rotations");
        Journal.Replay replay = Journal.read(journalDir);
        Set<Long> replayed = new HashSet<>(ids(replay.inserts()));
        replay.updates().forEach(j -> replayed.add(j.id()));
        assertEquals(forced.keySet(), replayed, "every forced record is in some file");
        assertEquals(List.of(), replay.torn());
    }

    @Test
    void aFileThatCannotBePreparedFailsTheRotationAndTheRecordsGoOnInTheCurrentOne() throws Exception {
        Path journalDir = dir.resolve("journal");
        List<Job> accepted = jobs(1, 3);
        try (Journal journal = new Journal(journalDir, 64 << 10)) {
            // file 0 takes records, file 1 is being prepared; file 2, prepared at the first rotation, cannot be
            Path obstacle = journalDir.resolve(String.format("journal-%016x.log.preparing", 2));
            Files.createDirectories(obstacle.resolve("in-the-way"));
            journal.commitInserts(accepted.subList(0, 1), noDocuments(1));
            journal.rotate();
            IOException failed = assertThrows(IOException.class, journal::rotate);
            assertTrue(failed.getMessage().contains("cannot prepare the next journal file"), failed.getMessage());
            journal.commitInserts(accepted.subList(1, 2), noDocuments(1));

            Files.delete(obstacle.resolve("in-the-way"));
            Files.delete(obstacle);
            journal.rotate();
            journal.commitInserts(accepted.subList(2, 3), noDocuments(1));
        }
        Journal.Replay replay = Journal.read(journalDir);
        assertEquals(List.of(1L, 2L, 3L), ids(replay.inserts()));
        assertEquals(List.of(), replay.torn());
    }

    @Test
    void anInterruptedCallerStillForcesAndTheJournalGoesOn() throws Exception {
        Path journalDir = dir.resolve("journal");
        Set<Long> appended = ConcurrentHashMap.newKeySet();
        try (Journal journal = new Journal(journalDir)) {
            Thread.currentThread().interrupt();
            journal.commitDelete(100_000);
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");

            // interrupts landing while forces run: each closes the force channel, until a few did
            AtomicBoolean stop = new AtomicBoolean();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Thread worker = new Thread(() -> {
                try {
                    for (long id = 1; journal.forcersReopened() < 3 && System.nanoTime() < deadline; id++) {
                        journal.appendUpdate(jobs(id, 1).get(0));
                        journal.force();
                        appended.add(id);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    stop.set(true);
                }
            });
            List<Throwable> failures = new ArrayList<>();
            worker.setUncaughtExceptionHandler((t, e) -> failures.add(e));
            worker.start();
            while (!stop.get()) {
                worker.interrupt();
                TimeUnit.MICROSECONDS.sleep(200);
            }
            worker.join(TimeUnit.SECONDS.toMillis(30));
            assertEquals(List.of(), failures);
            assertTrue(journal.forcersReopened() >= 1, "an interrupt landed during a force");
            journal.commitDelete(100_001); // from another thread, after all that
        }
        Journal.Replay replay = Journal.read(journalDir);
        assertEquals(appended, replay.updates().stream().map(Job::id).collect(Collectors.toSet()));
        assertEquals(List.of(), replay.torn());
    }

    /** Jobs accepted by a store, then the database lost (as after a crash before H2 wrote them). */
    private record Accepted(List<Job> jobs, List<List<SpooledDocument>> documents) {
    }

    private Accepted acceptThenLoseTheDatabase(TestConfig config, int count) throws Exception {
        JdbcJobStore store = Fixtures.open(config);
        List<Job> jobs = new ArrayList<>();
        List<List<SpooledDocument>> documents = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                byte[] bytes = ("document " + i).getBytes();
                SpooledDocument d = store.spool("d" + i + ".txt", "text/plain", new ByteArrayInputStream(bytes), 100);
                documents.add(List.of(d));
                jobs.add(store.insert(Fixtures.draft("office").name("job " + i).build(), List.of(d)));
            }
        } finally {
            store.close();
        }
        try (Stream<Path> db = Files.list(dir.resolve("db"))) {
            for (Path f : (Iterable<Path>) db::iterator) {
                Files.delete(f);
            }
        }
        return new Accepted(jobs, documents);
    }

    @Test
    void jobsTheDatabaseLostComeBackFromTheJournalWithTheirDocuments() throws Exception {
        TestConfig config = TestConfig.in(dir);
        Accepted a = acceptThenLoseTheDatabase(config, 3);
        try (Journal journal = new Journal(dir.resolve("journal"))) {
            journal.commitInserts(a.jobs(), a.documents());
        }
        List<Path> replayed = Journal.files(dir.resolve("journal"));
        JdbcJobStore reopened = Fixtures.open(config);
        try {
            for (Job job : a.jobs()) {
                assertEquals(job, reopened.find(job.id()).orElseThrow());
                try (InputStream in = reopened.openDocument(job.id(), 0)) {
                    assertEquals("document " + a.jobs().indexOf(job), new String(in.readAllBytes()));
                }
            }
            long maxId = a.jobs().get(2).id();
            Job next = reopened.insert(Fixtures.draft("office").build(), List.of());
            assertTrue(next.id() > maxId, "new ids go past the journal's: " + next.id());
            for (Path p : replayed) {
                assertFalse(Files.exists(p), "replayed files are dropped: " + p);
            }
        } finally {
            reopened.close();
        }
    }

    @Test
    void aJobWhoseDocumentDidNotReachTheDiskIsNotPutBackNorPrinted() throws Exception {
        TestConfig config = TestConfig.in(dir);
        Accepted a = acceptThenLoseTheDatabase(config, 3);
        // documents are forced while their records are: a crash between the two leaves the file short or empty
        Path spool = dir.resolve("spool");
        Path short1 = spool.resolve(a.documents().get(1).get(0).location());
        Files.write(short1, new byte[3]);
        try (Journal journal = new Journal(dir.resolve("journal"))) {
            journal.commitInserts(a.jobs(), a.documents());
        }
        JdbcJobStore reopened = Fixtures.open(config);
        try {
            assertTrue(reopened.find(a.jobs().get(0).id()).isPresent());
            assertTrue(reopened.find(a.jobs().get(1).id()).isEmpty(), "never acknowledged: not put back");
            assertTrue(reopened.find(a.jobs().get(2).id()).isPresent());
            // a row whose file is short (say H2 wrote the row before the crash) is not printed cut short either
            Path short2 = spool.resolve(a.documents().get(2).get(0).location());
            Files.write(short2, new byte[2]);
            IOException e = assertThrows(IOException.class, () -> reopened.openDocument(a.jobs().get(2).id(), 0));
            assertTrue(e.getMessage().contains("not the 10 recorded"), e.getMessage());
        } finally {
            reopened.close();
        }
    }

    @Test
    void deletedJobsStayDeletedAndATornTailIsIgnored() throws Exception {
        TestConfig config = TestConfig.in(dir);
        Accepted a = acceptThenLoseTheDatabase(config, 3);
        Path journalDir = dir.resolve("journal");
        Files.createDirectories(journalDir);
        try (Stream<Path> left = Files.list(journalDir)) {
            for (Path p : (Iterable<Path>) left::iterator) {
                Files.delete(p); // the store's own (empty) file: the one written below is the first
            }
        }
        long end;
        try (Journal journal = new Journal(journalDir)) {
            journal.commitInserts(a.jobs(), a.documents());
            journal.commitDelete(a.jobs().get(1).id());
            journal.commitDelete(a.jobs().get(2).id());
            journal.commitUndelete(a.jobs().get(2).id());
            end = journal.size();
        }
        Path file = Journal.files(journalDir).get(0);
        // a crash while the next record was written: its header, part of its body, zeros after
        writeAt(file, end, new byte[] { 0x50, 0x48, 0x4a, 0x31, 0, 0, 0, 40, 1, 2, 3, 4, 5, 6 });

        Journal.Replay replay = Journal.read(journalDir);
        assertEquals(List.of(a.jobs().get(0).id(), a.jobs().get(2).id()),
                replay.inserts().stream().map(e -> e.job().id()).toList());
        assertEquals(List.of(file), replay.torn());
        JdbcJobStore reopened = Fixtures.open(config);
        try {
            assertEquals(2, reopened.query(JobQuery.all()).total());
            assertTrue(reopened.find(a.jobs().get(1).id()).isEmpty());
        } finally {
            reopened.close();
        }
    }

    @Test
    void aJobStillInTheDatabaseIsLeftAsItIs() throws Exception {
        TestConfig config = TestConfig.in(dir);
        JdbcJobStore store = Fixtures.open(config);
        Job job;
        Job changed;
        try {
            SpooledDocument d = store.spool("a.txt", "text/plain", new ByteArrayInputStream(new byte[] { 1 }), 10);
            job = store.insert(Fixtures.draft("office").build(), List.of(d));
            changed = store.update(job.toBuilder().name("renamed").build()).orElseThrow();
            store.sync();
            try (Journal journal = new Journal(dir.resolve("journal-copy"))) {
                journal.commitInserts(List.of(job), List.of(List.of(d)));
            }
        } finally {
            store.close();
        }
        Path journalDir = dir.resolve("journal");
        for (Path p : Journal.files(dir.resolve("journal-copy"))) {
            Files.move(p, journalDir.resolve(p.getFileName()));
        }
        JdbcJobStore reopened = Fixtures.open(config);
        try {
            assertEquals(changed, reopened.find(job.id()).orElseThrow());
        } finally {
            reopened.close();
        }
    }

    @Test
    void aChangeTheDatabaseLostComesBackFromTheJournal() throws Exception {
        TestConfig config = TestConfig.in(dir);
        JdbcJobStore store = Fixtures.open(config);
        Job job;
        try {
            job = store.insert(Fixtures.draft("office").build(), List.of(Fixtures.spool(store, "x")));
        } finally {
            store.close(); // the database now has the job as accepted
        }
        Path before = copy(dir.resolve("db"), dir.resolve("db-before"));

        store = Fixtures.open(config);
        Job completed;
        Path journal;
        try {
            completed = store.update(job.toBuilder().state(JobState.COMPLETED, "job-completed-successfully")
                    .pagesCompleted(3).build()).orElseThrow();
            store.sync();
            journal = copy(dir.resolve("journal"), dir.resolve("journal-after-sync"));
        } finally {
            store.close();
        }

        // The database as it was before the change (it had not written it), without the journal: the change is lost
        replace(dir.resolve("db"), before);
        replace(dir.resolve("journal"), dir.resolve("journal-empty"));
        JdbcJobStore reopened = Fixtures.open(config);
        try {
            assertEquals(job, reopened.find(job.id()).orElseThrow());
        } finally {
            reopened.close();
        }
        // ... and with the journal as it was after the sync: the change comes back
        replace(dir.resolve("db"), before);
        replace(dir.resolve("journal"), journal);
        reopened = Fixtures.open(config);
        try {
            assertEquals(completed, reopened.find(job.id()).orElseThrow());
        } finally {
            reopened.close();
        }
    }

    @Test
    void theChangesOfADispatchComeBackFromTheJournal() throws Exception {
        TestConfig config = TestConfig.in(dir);
        JdbcJobStore store = Fixtures.open(config);
        Job printed;
        Job next;
        try {
            printed = store.insert(Fixtures.draft("office").state(JobState.PROCESSING, "job-printing").build(),
                    List.of(Fixtures.spool(store, "x")));
            next = store.insert(Fixtures.draft("office").build(), List.of(Fixtures.spool(store, "y")));
        } finally {
            store.close();
        }
        Path before = copy(dir.resolve("db"), dir.resolve("db-before"));

        store = Fixtures.open(config);
        Dispatched done;
        Path journal;
        try {
            done = store.dispatch(printed.toBuilder().state(JobState.COMPLETED, "job-completed-successfully").build(),
                    "office", 4, j -> Optional.of(j.toBuilder().state(JobState.PROCESSING, "job-printing").build()),
                    j -> true);
            store.sync();
            journal = copy(dir.resolve("journal"), dir.resolve("journal-after-sync"));
        } finally {
            store.close();
        }

        replace(dir.resolve("db"), before);
        replace(dir.resolve("journal"), journal);
        JdbcJobStore reopened = Fixtures.open(config);
        try {
            assertEquals(done.finished().orElseThrow(), reopened.find(printed.id()).orElseThrow());
            assertEquals(done.stored().get(0), reopened.find(next.id()).orElseThrow());
            assertEquals(JobState.PROCESSING, reopened.find(next.id()).orElseThrow().state());
        } finally {
            reopened.close();
        }
    }

    private static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return to;
    }

    private static void replace(Path target, Path with) throws Exception {
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f)) {
                        Files.delete(f);
                    }
                }
            }
        }
        Files.createDirectories(with);
        copy(with, target);
    }
}
