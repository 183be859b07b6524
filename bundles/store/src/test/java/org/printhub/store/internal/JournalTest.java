package org.printhub.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.Job;
import org.printhub.job.JobQuery;
import org.printhub.job.JobState;
import org.printhub.job.store.Dispatched;
import org.printhub.job.store.SpooledDocument;

class JournalTest {
    @TempDir
    Path dir;

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
            assertEquals(1, Journal.files(dir.resolve("journal")).size(), "replayed files are dropped");
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
        try (Journal journal = new Journal(journalDir)) {
            journal.commitInserts(a.jobs(), a.documents());
            journal.commitDelete(a.jobs().get(1).id());
            journal.commitDelete(a.jobs().get(2).id());
            journal.commitUndelete(a.jobs().get(2).id());
        }
        Path file = Journal.files(journalDir).get(0);
        Files.write(file, new byte[] { 0x50, 0x48, 0x4a, 0x31, 0, 0, 0, 40, 1, 2 }, StandardOpenOption.APPEND);

        List<Journal.Entry> entries = Journal.replay(journalDir);
        assertEquals(List.of(a.jobs().get(0).id(), a.jobs().get(2).id()),
                entries.stream().map(e -> e.job().id()).toList());
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
