package org.printhub.store.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.nio.file.Files;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.printhub.job.ColorMode;
import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobPage;
import org.printhub.job.JobQuery;
import org.printhub.job.JobState;
import org.printhub.job.JobStorageException;
import org.printhub.job.JobTicket;
import org.printhub.job.NoSuchJobException;
import org.printhub.job.Orientation;
import org.printhub.job.Scaling;
import org.printhub.job.Sides;
import org.printhub.job.store.Dispatched;
import org.printhub.job.store.SpooledDocument;

class JdbcJobStoreTest {
    @TempDir
    Path dir;
    private TestConfig config;
    private JdbcJobStore store;

    @BeforeEach
    void open() {
        config = TestConfig.in(dir);
        store = Fixtures.open(config);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void reopen() {
        store.close();
        store = Fixtures.open(config);
    }

    @Test
    void roundTripsEveryField() throws Exception {
        Map<String, String> extensions = new LinkedHashMap<>();
        extensions.put("finishing", "staple");
        extensions.put("tray name", "Fach 2 – ü");
        JobTicket ticket = JobTicket.builder().copies(3).sides(Sides.TWO_SIDED_SHORT_EDGE)
                .colorMode(ColorMode.MONOCHROME).orientation(Orientation.LANDSCAPE).media("iso_a4_210x297mm")
                .pageRanges("1-3,5,8-").collate(false).scaling(Scaling.FIT).scalePercent(90).priority(77)
                .extensions(extensions).build();
        Instant created = Instant.parse("2026-11-23T10:15:30.123456789Z");
        Job draft = Job.builder().id(999).revision(42).token(Fixtures.token()).name("Quarterly report")
                .owner("alice").origin("scriptx").project("apollo").account("cc-17").favourite(true)
                .deviceId("office").state(JobState.HELD, "job-hold-until-specified", "odd,reason\\x")
                .stateMessage("waiting for release").ticket(ticket).pageCount(10).colorPageCount(2)
                .pagesCompleted(1).cost(new BigDecimal("1.50")).createdAt(created)
                .processingAt(created.plusSeconds(1)).completedAt(created.plusSeconds(2))
                .updatedAt(created.plusSeconds(3)).holdUntil(Instant.parse("2999-01-01T00:00:00Z")).attempts(2)
                .build();
        SpooledDocument first = Fixtures.spool(store, "first");
        SpooledDocument second = Fixtures.spool(store, "second document");

        Job inserted = store.insert(draft, List.of(first, second));

        assertTrue(inserted.id() > 0);
        assertEquals(1, inserted.revision());
        assertEquals(List.of(new DocumentInfo(0, "doc.txt", "text/plain", 5, first.sha256()),
                new DocumentInfo(1, "doc.txt", "text/plain", 15, second.sha256())), inserted.documents());
        Job expected = draft.toBuilder().id(inserted.id()).revision(1).documents(inserted.documents()).build();
        assertSameJob(expected, inserted);
        assertSameJob(expected, store.find(inserted.id()).orElseThrow());
        assertSameJob(expected, store.findByToken(draft.token()).orElseThrow());
        reopen();
        assertSameJob(expected, store.find(inserted.id()).orElseThrow());
    }

    @Test
    void roundTripsDefaultsAndAbsentValues() {
        Job draft = Job.builder().token(Fixtures.token()).deviceId("d").createdAt(Instant.EPOCH).build();
        Job inserted = store.insert(draft, List.of());
        Job expected = draft.toBuilder().id(inserted.id()).revision(1).build();
        assertSameJob(expected, store.find(inserted.id()).orElseThrow());
        assertTrue(store.find(inserted.id() + 1000).isEmpty());
        assertTrue(store.findByToken(Fixtures.token()).isEmpty());
    }

    @Test
    void documentsComeBackByteIdenticalWithTheirSha256() throws Exception {
        byte[] bytes = new byte[200_000];
        new Random(7).nextBytes(bytes);
        SpooledDocument doc = store.spool("scan.pdf", "application/pdf", new ByteArrayInputStream(bytes), 1 << 20);
        assertEquals(bytes.length, doc.size());
        assertEquals(Fixtures.sha256(bytes), doc.sha256());

        Job job = store.insert(Fixtures.draft("d").build(), List.of(doc));

        assertEquals(Fixtures.sha256(bytes), job.documents().get(0).sha256());
        try (InputStream in = store.openDocument(job.id(), 0)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        assertThrows(NoSuchJobException.class, () -> store.openDocument(job.id(), 1));
        assertThrows(NoSuchJobException.class, () -> store.openDocument(job.id() + 1, 0));
    }

    @Test
    void deleteRemovesTheRowsAndSpoolFilesOfTheRevisionItWasGivenOnly() throws Exception {
        SpooledDocument doc = store.spool("a.txt", "text/plain", new ByteArrayInputStream(new byte[] { 1, 2 }), 10);
        Job job = store.insert(Fixtures.draft("d").build(), List.of(doc));
        Job changed = store.update(job.toBuilder().name("renamed").build()).orElseThrow();
        assertFalse(store.delete(job), "a stale snapshot deletes nothing");
        assertTrue(store.find(job.id()).isPresent());
        long filesBefore = spoolFiles();
        assertTrue(store.delete(changed));
        assertEquals(filesBefore - 1, spoolFiles());
        assertTrue(store.find(job.id()).isEmpty());
        assertTrue(store.findByToken(job.token()).isEmpty());
        assertThrows(NoSuchJobException.class, () -> store.openDocument(job.id(), 0));
        assertFalse(store.delete(changed));
        store.sync();
        reopen();
        assertTrue(store.find(job.id()).isEmpty());
    }

    private long spoolFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().contains("spool")).count();
        }
    }

    @Test
    void idsKeepIncreasingAcrossAReopenAndEverythingIsStillThere() throws Exception {
        List<Job> before = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            before.add(Fixtures.insert(store, Fixtures.draft("d")));
        }
        for (int i = 1; i < before.size(); i++) {
            assertTrue(before.get(i).id() > before.get(i - 1).id());
        }

        reopen();

        for (Job job : before) {
            assertSameJob(job, store.find(job.id()).orElseThrow());
            try (InputStream in = store.openDocument(job.id(), 0)) {
                assertEquals(job.documents().get(0).size(), in.readAllBytes().length);
            }
        }
        Job after = Fixtures.insert(store, Fixtures.draft("d"));
        assertTrue(after.id() > before.get(2).id(), after.id() + " after " + before.get(2).id());
    }

    @Test
    void updateIsACompareAndSetOnTheRevision() {
        Job job = Fixtures.insert(store, Fixtures.draft("d"));
        Job processing = job.toBuilder().state(JobState.PROCESSING, "job-printing").attempts(1)
                .processingAt(Instant.now()).updatedAt(Instant.now()).build();

        Job stored = store.update(processing).orElseThrow();

        assertEquals(2, stored.revision());
        assertSameJob(stored, store.find(job.id()).orElseThrow());
        assertTrue(store.update(job.toBuilder().state(JobState.CANCELED).build()).isEmpty(), "stale revision");
        assertEquals(JobState.PROCESSING, store.find(job.id()).orElseThrow().state());
        assertTrue(store.update(job.toBuilder().id(job.id() + 1000).build()).isEmpty(), "no such job");
        Job completed = store.update(stored.toBuilder().state(JobState.COMPLETED).build()).orElseThrow();
        assertEquals(3, completed.revision());
    }

    @Test
    void concurrentUpdatesFromTheSameSnapshotLetExactlyOneWin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                Job job = store.insert(Fixtures.draft("d").build(), List.of());
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    String message = "thread " + t;
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.update(job.toBuilder().stateMessage(message).build()).isPresent();
                    }));
                }
                start.countDown();
                int wins = 0;
                for (Future<Boolean> r : results) {
                    wins += r.get() ? 1 : 0;
                }
                assertEquals(1, wins, "round " + round);
                assertEquals(2, store.find(job.id()).orElseThrow().revision());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void queriesFilterAndPage() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Job a = store.insert(Fixtures.draft("d1").owner("alice").origin("scriptx").createdAt(t0).build(), List.of());
        Job b = store.insert(Fixtures.draft("d1").owner("bob").origin("myq").createdAt(t0.plusSeconds(10))
                .state(JobState.COMPLETED, "job-completed-successfully").favourite(true).build(), List.of());
        Job c = store.insert(Fixtures.draft("d2").owner("alice").origin("myq").createdAt(t0.plusSeconds(20))
                .state(JobState.HELD).build(), List.of());
        Job d = store.insert(Fixtures.draft("d2").owner("carol").origin("octoprint").createdAt(t0.plusSeconds(30))
                .state(JobState.CANCELED).favourite(true).build(), List.of());

        assertEquals(List.of(d, c, b, a), list(JobQuery.all()));
        assertEquals(List.of(a, b, c, d), list(JobQuery.builder().oldestFirst().build()));
        assertEquals(List.of(c, a), list(JobQuery.builder().state(JobState.PENDING, JobState.HELD).build()));
        assertEquals(List.of(c, a), list(JobQuery.builder().active().build()));
        assertEquals(List.of(c, a), list(JobQuery.builder().owner("alice").build()));
        assertEquals(List.of(d, c), list(JobQuery.builder().deviceId("d2").build()));
        assertEquals(List.of(c, b), list(JobQuery.builder().origin("myq").build()));
        assertEquals(List.of(c, b), list(JobQuery.builder().createdFrom(t0.plusSeconds(10))
                .createdBefore(t0.plusSeconds(30)).build()));
        assertEquals(List.of(d, b), list(JobQuery.builder().favourite(true).build()));
        assertEquals(List.of(c, a), list(JobQuery.builder().favourite(false).build()));
        assertEquals(List.of(c), list(JobQuery.builder().owner("alice").deviceId("d2").origin("myq")
                .state(JobState.HELD).favourite(false).build()));
        assertEquals(List.of(), list(JobQuery.builder().owner("nobody").build()));

        JobPage first = store.query(JobQuery.builder().limit(3).build());
        assertEquals(List.of(d, c, b), first.jobs());
        assertEquals(4, first.total());
        assertTrue(first.hasMore());
        JobPage second = store.query(JobQuery.builder().offset(3).limit(3).build());
        assertEquals(List.of(a), second.jobs());
        assertEquals(4, second.total());
        assertEquals(3, second.offset());
        assertFalse(second.hasMore());
        JobPage filtered = store.query(JobQuery.builder().owner("alice").offset(1).limit(1).build());
        assertEquals(List.of(a), filtered.jobs());
        assertEquals(2, filtered.total());
    }

    @Test
    void queriedJobsCarryTheirDocuments() {
        Job a = Fixtures.insert(store, Fixtures.draft("d"));
        Job b = store.insert(Fixtures.draft("d").build(),
                List.of(Fixtures.spool(store, "one"), Fixtures.spool(store, "two!")));
        Map<Long, List<DocumentInfo>> docs = store.query(JobQuery.all()).jobs().stream()
                .collect(Collectors.toMap(Job::id, Job::documents));
        assertEquals(a.documents(), docs.get(a.id()));
        assertEquals(b.documents(), docs.get(b.id()));
        assertEquals(b.documents(), store.nextPending("d", 10).get(1).documents());
    }

    @Test
    void nextPendingIsByPriorityThenArrival() {
        Job p50a = insert("d1", 50, JobState.PENDING);
        Job p80a = insert("d1", 80, JobState.PENDING);
        Job p50b = insert("d1", 50, JobState.PENDING);
        Job p80b = insert("d1", 80, JobState.PENDING);
        Job p10 = insert("d1", 10, JobState.PENDING);
        insert("d1", 100, JobState.HELD);
        insert("d1", 100, JobState.PROCESSING);
        insert("d2", 100, JobState.PENDING);

        assertEquals(List.of(p80a, p80b, p50a, p50b, p10), store.nextPending("d1", 10));
        assertEquals(List.of(p80a, p80b), store.nextPending("d1", 2));
        assertEquals(List.of(), store.nextPending("d3", 10));
    }

    @Test
    void dispatchStoresTheFinishedJobThenClaimsTheFirstPendingJobInDispatchOrder() {
        Job printed = insert("d1", 50, JobState.PROCESSING);
        Job p50 = insert("d1", 50, JobState.PENDING);
        Job p80 = insert("d1", 80, JobState.PENDING);
        Job passedOver = insert("d1", 90, JobState.PENDING);
        insert("d2", 100, JobState.PENDING);
        List<Long> offered = new ArrayList<>();

        Dispatched done = store.dispatch(printed.toBuilder().state(JobState.COMPLETED, "job-completed-successfully")
                .build(), "d1", 4, candidate -> {
                    offered.add(candidate.id());
                    return candidate.id() == passedOver.id() ? Optional.empty()
                            : Optional.of(candidate.toBuilder().state(JobState.PROCESSING, "job-printing").build());
                }, job -> job.state() == JobState.PROCESSING);

        Job completed = done.finished().orElseThrow();
        assertEquals(JobState.COMPLETED, completed.state());
        assertEquals(printed.revision() + 1, completed.revision());
        assertEquals(List.of(passedOver.id(), p80.id()), offered, "in dispatch order, up to the first claimed");
        assertEquals(1, done.stored().size());
        Job claimed = done.stored().get(0);
        assertEquals(p80.id(), claimed.id());
        assertEquals(p80.revision() + 1, claimed.revision());
        assertFalse(done.conflict());
        assertSameJob(completed, store.find(printed.id()).orElseThrow());
        assertSameJob(claimed, store.find(p80.id()).orElseThrow());
        assertEquals(List.of(passedOver, p50), store.nextPending("d1", 10));
        reopen();
        assertSameJob(completed, store.find(printed.id()).orElseThrow());
        assertSameJob(claimed, store.find(p80.id()).orElseThrow());
    }

    @Test
    void aDispatchStopsAtAFinishedJobOrAPendingJobThatChangedMeanwhile() {
        Job printed = insert("d1", 50, JobState.PROCESSING);
        Job first = insert("d1", 80, JobState.PENDING);
        Job second = insert("d1", 50, JobState.PENDING);
        Job canceled = store.update(printed.toBuilder().state(JobState.CANCELED, "job-canceled-by-user").build())
                .orElseThrow();

        Dispatched stale = store.dispatch(printed.toBuilder().state(JobState.COMPLETED).build(), "d1", 4,
                candidate -> Optional.of(candidate.toBuilder().state(JobState.PROCESSING).build()), job -> true);

        assertTrue(stale.finished().isEmpty(), "the finished job changed: nothing else is done");
        assertEquals(List.of(), stale.stored());
        assertSameJob(canceled, store.find(printed.id()).orElseThrow());
        assertEquals(List.of(first, second), store.nextPending("d1", 10));

        Job changedMeanwhile = store.update(first.toBuilder().name("renamed").build()).orElseThrow();
        Dispatched conflict = store.dispatch(null, "d1", 4,
                candidate -> Optional.of((candidate.id() == first.id() ? first : candidate).toBuilder()
                        .state(JobState.PROCESSING).build()), job -> true);

        assertTrue(conflict.conflict());
        assertEquals(List.of(), conflict.stored(), "the next job is not claimed in its place");
        assertEquals(List.of(changedMeanwhile, second), store.nextPending("d1", 10));
    }

    @Test
    void countsAndDeviceIdsByState() {
        insert("d1", 50, JobState.PENDING);
        insert("d1", 50, JobState.PROCESSING);
        insert("d1", 50, JobState.COMPLETED);
        insert("d2", 50, JobState.HELD);
        insert("d3", 50, JobState.CANCELED);

        assertEquals(2, store.count("d1", EnumSet.of(JobState.PENDING, JobState.PROCESSING)));
        assertEquals(1, store.count("d1", EnumSet.of(JobState.COMPLETED)));
        assertEquals(0, store.count("d2", EnumSet.of(JobState.PENDING)));
        assertEquals(0, store.count("d1", Set.of()));
        assertEquals(Set.of("d1", "d2"), store.deviceIds(EnumSet.of(JobState.PENDING, JobState.HELD,
                JobState.PROCESSING)));
        assertEquals(Set.of("d3"), store.deviceIds(EnumSet.of(JobState.CANCELED)));
        assertEquals(Set.of(), store.deviceIds(Set.of()));
    }

    @Test
    void pausedDevicesPersistAcrossAReopen() {
        assertEquals(Set.of(), store.pausedDevices());
        store.setPaused("a", true);
        store.setPaused("b", true);
        store.setPaused("b", true);
        store.setPaused("a", false);
        store.setPaused("never-paused", false);
        assertEquals(Set.of("b"), store.pausedDevices());

        reopen();

        assertEquals(Set.of("b"), store.pausedDevices());
    }

    @Test
    void aCorruptRowIsLeftOutOfListsAndFindingItFails() throws Exception {
        Job good = insert("d", 50, JobState.PENDING);
        Job badTicket = insert("d", 50, JobState.PENDING);
        Job badState = insert("d", 50, JobState.PENDING);
        Job badDocument = Fixtures.insert(store, Fixtures.draft("d"));
        try (Connection c = DriverManager.getConnection(config.url(), "sa", "")) {
            execute(c, "UPDATE jobs SET ticket = '{\"copies\": ' WHERE id = ?", badTicket.id());
            execute(c, "UPDATE jobs SET state = 'exploded' WHERE id = ?", badState.id());
            execute(c, "UPDATE documents SET size = -1 WHERE job_id = ?", badDocument.id());
        }
        // found so at the next start: until then this store answers from the jobs it wrote
        reopen();

        assertEquals(List.of(good), store.query(JobQuery.all()).jobs());
        assertEquals(List.of(good), store.nextPending("d", 10));
        assertEquals(List.of(good), store.query(JobQuery.all()).jobs(), "still skipped, reported once");
        JobStorageException e = assertThrows(JobStorageException.class, () -> store.find(badTicket.id()));
        assertTrue(e.getMessage().contains("job " + badTicket.id()), e.getMessage());
        assertTrue(e.getMessage().contains("ticket"), e.getMessage());
        e = assertThrows(JobStorageException.class, () -> store.findByToken(badState.token()));
        assertTrue(e.getMessage().contains("exploded"), e.getMessage());
        assertThrows(JobStorageException.class, () -> store.find(badDocument.id()));
        assertEquals(good, store.find(good.id()).orElseThrow());
    }

    @Test
    void aJobReadAgainIsAnsweredFromMemoryAsLastCommitted() throws Exception {
        Job job = insert("d", 50, JobState.PENDING);
        Job changed = store.update(job.toBuilder().state(JobState.PROCESSING).build()).orElseThrow();
        try (Connection c = DriverManager.getConnection(config.url(), "sa", "")) {
            // behind the store's back (never done in use): shows that the store does not ask the database again
            execute(c, "UPDATE jobs SET state_message = 'written elsewhere' WHERE id = ?", job.id());
        }
        assertEquals(changed, store.find(job.id()).orElseThrow());
        assertEquals(changed.revision(), store.find(job.id()).orElseThrow().revision());

        Job again = store.update(changed.toBuilder().state(JobState.COMPLETED).build()).orElseThrow();
        assertEquals(JobState.COMPLETED, store.find(job.id()).orElseThrow().state());
        assertTrue(store.delete(again));
        assertTrue(store.find(job.id()).isEmpty());

        store.close();
        config = config.jobCacheSize(0);
        store = Fixtures.open(config);
        Job other = insert("d", 50, JobState.PENDING);
        try (Connection c = DriverManager.getConnection(config.url(), "sa", "")) {
            execute(c, "UPDATE jobs SET state_message = 'written elsewhere' WHERE id = ?", other.id());
        }
        assertEquals("written elsewhere", store.find(other.id()).orElseThrow().stateMessage());
    }

    @Test
    void onlyAnEmbeddedH2IsOwnedByTheStore() {
        assertTrue(JdbcJobStore.ownsDatabase(Dialect.H2, "jdbc:h2:file:/var/printhub/db"));
        assertFalse(JdbcJobStore.ownsDatabase(Dialect.H2, "jdbc:h2:tcp://db:9092/printhub"));
        assertFalse(JdbcJobStore.ownsDatabase(Dialect.H2, "jdbc:h2:file:/x;AUTO_SERVER=TRUE"));
        assertFalse(JdbcJobStore.ownsDatabase(Dialect.POSTGRESQL, "jdbc:postgresql://db/printhub"));
    }

    @Test
    void interruptingCallersDoesNotBreakTheDatabase() throws Exception {
        store.close();
        config = TestConfig.in(dir).url(config.url() + ";CACHE_SIZE=64");
        store = Fixtures.open(config);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> seeding = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                seeding.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        store.insert(Fixtures.draft("d").stateMessage("x".repeat(500)).build(), List.of());
                    }
                }));
            }
            for (Future<?> f : seeding) {
                f.get();
            }
            long deadline = System.nanoTime() + 1_000_000_000L;
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    Random random = new Random();
                    while (System.nanoTime() < deadline) {
                        try {
                            store.find(1 + random.nextInt(1000)).ifPresent(store::update);
                            store.query(JobQuery.builder().offset(random.nextInt(900)).limit(20).build());
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            Random random = new Random();
            while (System.nanoTime() < deadline) {
                threads.get(random.nextInt(threads.size())).interrupt();
                Thread.sleep(0, 200_000);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(List.of(), failures);
            assertEquals(1000, store.query(JobQuery.all()).total());
            Fixtures.insert(store, Fixtures.draft("d"));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void execute(Connection c, String sql, long id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private Job insert(String device, int priority, JobState state) {
        return store.insert(Fixtures.draft(device).state(state)
                .ticket(JobTicket.builder().priority(priority).build()).build(), List.of());
    }

    private List<Job> list(JobQuery query) {
        return store.query(query).jobs();
    }

    static void assertSameJob(Job expected, Job actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.token(), actual.token());
        assertEquals(expected.revision(), actual.revision());
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.owner(), actual.owner());
        assertEquals(expected.origin(), actual.origin());
        assertEquals(expected.project(), actual.project());
        assertEquals(expected.account(), actual.account());
        assertEquals(expected.favourite(), actual.favourite());
        assertEquals(expected.deviceId(), actual.deviceId());
        assertEquals(expected.state(), actual.state());
        assertEquals(List.copyOf(expected.stateReasons()), List.copyOf(actual.stateReasons()));
        assertEquals(expected.stateMessage(), actual.stateMessage());
        assertEquals(expected.ticket(), actual.ticket());
        assertEquals(expected.ticket().extensions().keySet().stream().toList(),
                actual.ticket().extensions().keySet().stream().toList());
        assertEquals(expected.documents(), actual.documents());
        assertEquals(expected.pageCount(), actual.pageCount());
        assertEquals(expected.colorPageCount(), actual.colorPageCount());
        assertEquals(expected.pagesCompleted(), actual.pagesCompleted());
        assertEquals(expected.cost(), actual.cost());
        assertEquals(expected.createdAt(), actual.createdAt());
        assertEquals(expected.processingAt(), actual.processingAt());
        assertEquals(expected.completedAt(), actual.completedAt());
        assertEquals(expected.updatedAt(), actual.updatedAt());
        assertEquals(expected.holdUntil(), actual.holdUntil());
        assertEquals(expected.attempts(), actual.attempts());
    }
}
