package org.printhub.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;

import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobStorageException;
import org.printhub.job.store.SpooledDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts new jobs with group commit, in two stages that overlap. The writer thread takes every insert
 * waiting, writes them in one transaction and commits; the syncer thread forces everything committed so far
 * to disk with one call and only then lets those callers return. While the syncer forces, the writer commits
 * the next inserts, and the next force covers all of them.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final long MAX_GATHER_NANOS = 2_000_000;
    private static final long GATHER_POLL_MICROS = 50;
    static final String INSERT_DOCUMENT = "INSERT INTO documents (job_id, idx, name, mime_type, size, "
            + "sha256, location) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final ConnectionPool.Pooled writerConnection;
    private final ConnectionPool.Pooled syncerConnection;
    private final Dialect dialect;
    private final int maxBatchSize;
    private final IdAllocator ids = new IdAllocator();
    private final BlockingQueue<Pending> inserts = new LinkedBlockingQueue<>();
    private final BlockingQueue<Pending> committed = new LinkedBlockingQueue<>();
    private final Pending stop = new Pending(null, null);
    private final Thread writer;
    private final Thread syncer;
    private boolean closing;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicLong forces = new AtomicLong();
    private volatile int largestBatch;
    /** A checkpoint forces the database when the journal has grown past this, or ... */
    private static final long CHECKPOINT_BYTES = 4L << 20;
    /** ... this long after the last one. */
    private static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);
    private final IntSupplier arriving;
    private final DocumentForcer documents;
    private final Journal journal;
    private final LongConsumer removed;
    /** Forces the spool's directories while the syncer forces the rows. */
    private final ExecutorService directoryForcer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "printhub-store-dirsync");
        t.setDaemon(true);
        return t;
    });
    private long lastCheckpointNanos = System.nanoTime();
    private volatile int committing;
    private long lastForceNanos;

    /** Forces what the rows will refer to (the spool files' directory entries) before the rows themselves. */
    interface DocumentForcer {
        void force(Collection<SpooledDocument> documents) throws IOException;
    }

    /**
     * @param arriving how many documents are being spooled right now; their inserts are likely to follow
     */
    GroupCommitWriter(ConnectionPool.Opener opener, Dialect dialect, int maxBatchSize, IntSupplier arriving) {
        this(opener, dialect, maxBatchSize, arriving, documents -> { });
    }

    GroupCommitWriter(ConnectionPool.Opener opener, Dialect dialect, int maxBatchSize, IntSupplier arriving,
            DocumentForcer documents) {
        this(opener, dialect, maxBatchSize, arriving, documents, null);
    }

    /**
     * @param journal where new jobs are made durable instead of by forcing the database (which is then forced
     *        only now and then, see {@link Journal}); null to force the database for every group commit
     */
    GroupCommitWriter(ConnectionPool.Opener opener, Dialect dialect, int maxBatchSize, IntSupplier arriving,
            DocumentForcer documents, Journal journal) {
        this(opener, dialect, maxBatchSize, arriving, documents, journal, id -> { });
    }

    /**
     * @param removed told of each job removed again after its force failed (it was readable meanwhile)
     */
    GroupCommitWriter(ConnectionPool.Opener opener, Dialect dialect, int maxBatchSize, IntSupplier arriving,
            DocumentForcer documents, Journal journal, LongConsumer removed) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, not " + maxBatchSize);
        }
        this.arriving = arriving;
        this.documents = documents;
        this.journal = journal;
        this.removed = removed;
        this.writerConnection = new ConnectionPool.Pooled(opener);
        this.syncerConnection = new ConnectionPool.Pooled(opener);
        this.dialect = dialect;
        this.maxBatchSize = maxBatchSize;
        this.writer = start(this::write, "printhub-store-writer");
        this.syncer = start(this::sync, "printhub-store-syncer");
    }

    private static Thread start(Runnable loop, String name) {
        Thread t = new Thread(null, loop, name, 0, false);
        t.setDaemon(true);
        t.start();
        return t;
    }

    Job insert(Job draft, List<SpooledDocument> documents) {
        return enqueue(draft, documents).await();
    }

    /** Queues a new job; {@link Pending#await} says when it is durable (or why not). */
    Pending enqueue(Job draft, List<SpooledDocument> documents) {
        Pending p = new Pending(draft, List.copyOf(documents));
        synchronized (inserts) {
            if (closing) {
                throw new JobStorageException("the job store is closed", null);
            }
            inserts.add(p);
        }
        return p;
    }

    private void write() {
        List<Pending> batch = new ArrayList<>(maxBatchSize);
        boolean stopping = false;
        while (!stopping) {
            take(inserts, batch, maxBatchSize);
            stopping = batch.remove(stop);
            if (!batch.isEmpty()) {
                committing = batch.size();
                try {
                    commit(batch);
                } catch (RuntimeException | Error e) {
                    LOG.error("Writing {} new jobs failed unexpectedly", batch.size(), e);
                    batch.forEach(p -> p.fail(e));
                } finally {
                    committing = 0;
                }
            }
            batch.clear();
        }
        writerConnection.close();
        committed.add(stop);
    }

    private void commit(List<Pending> batch) {
        batches.incrementAndGet();
        inserted.addAndGet(batch.size());
        largestBatch = Math.max(largestBatch, batch.size());
        try {
            Connection c = writerConnection.connection();
            c.setAutoCommit(false);
            insertAndCommit(c, batch);
            committed.addAll(batch);
        } catch (SQLException | RuntimeException e) {
            rollback();
            if (batch.size() > 1) {
                // one bad job must not fail the others: find it by inserting one at a time
                for (Pending p : batch) {
                    commit(List.of(p));
                }
            } else {
                batch.get(0).fail(e);
            }
        }
    }

    private void insertAndCommit(Connection c, List<Pending> batch) throws SQLException {
        long[] newIds = ids.take(c, batch.size());
        PreparedStatement insertJob = writerConnection.prepare(JobRows.INSERT);
        PreparedStatement insertDocument = writerConnection.prepare(INSERT_DOCUMENT);
        boolean anyDocuments = false;
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            long id = newIds[i];
            List<DocumentInfo> infos = new ArrayList<>(p.documents.size());
            for (SpooledDocument d : p.documents) {
                int index = infos.size();
                infos.add(new DocumentInfo(index, d.name(), d.mimeType(), d.size(), d.sha256()));
                insertDocument.setLong(1, id);
                insertDocument.setInt(2, index);
                insertDocument.setString(3, d.name());
                insertDocument.setString(4, d.mimeType());
                insertDocument.setLong(5, d.size());
                insertDocument.setString(6, d.sha256());
                insertDocument.setString(7, d.location());
                insertDocument.addBatch();
                anyDocuments = true;
            }
            p.job = p.draft.toBuilder().id(id).revision(1).documents(infos).build();
            int next = JobRows.bind(insertJob, p.job);
            insertJob.setLong(next++, id);
            insertJob.setLong(next, 1);
            insertJob.addBatch();
        }
        insertJob.executeBatch();
        if (anyDocuments) {
            insertDocument.executeBatch();
        }
        c.commit();
    }

    private void rollback() {
        try {
            writerConnection.connection().rollback();
            writerConnection.prepare(JobRows.INSERT).clearBatch();
            writerConnection.prepare(INSERT_DOCUMENT).clearBatch();
        } catch (SQLException e) {
            LOG.debug("Rollback failed", e);
        }
        writerConnection.checkAfterFailure();
    }

    private void sync() {
        List<Pending> done = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            while (!takeWithin(committed, done, CHECKPOINT_INTERVAL_NANOS)) {
                checkpointIfDue();
            }
            gather(done);
            stopping = done.remove(stop);
            if (!done.isEmpty()) {
                force(done);
            }
            done.clear();
        }
        if (journal != null) {
            try {
                if (journal.empty()) {
                    dialect.forceToDisk(syncerConnection.connection()); // no new journal file just to close
                } else {
                    checkpoint();
                }
            } catch (IOException | SQLException | RuntimeException e) {
                LOG.warn("Final checkpoint of the job database failed; the journal is replayed at the next start: {}",
                        e.toString());
            }
            try {
                journal.close();
            } catch (IOException e) {
                LOG.warn("Cannot close the journal: {}", e.toString());
            }
        }
        syncerConnection.close();
    }

    /**
     * Before forcing, waits a little for inserts that are on their way: being committed, or whose documents
     * are being spooled. Each force is costly (H2 writes a chunk of some 30 KB with its metadata), so taking
     * them along halves the forces per job under load. The wait is bounded by what the last force took:
     * without it, they would wait for a whole further force.
     */
    private void gather(List<Pending> done) {
        long deadline = System.nanoTime() + Math.min(lastForceNanos, MAX_GATHER_NANOS);
        while ((committing > 0 || !inserts.isEmpty() || arriving.getAsInt() > 0)
                && System.nanoTime() < deadline) {
            try {
                Pending p = committed.poll(GATHER_POLL_MICROS, TimeUnit.MICROSECONDS);
                if (p != null) {
                    done.add(p);
                    committed.drainTo(done);
                }
            } catch (InterruptedException e) {
                // never interrupted on purpose
            }
        }
    }

    private void force(List<Pending> done) {
        long start = System.nanoTime();
        try {
            forces.incrementAndGet();
            List<SpooledDocument> spooled = new ArrayList<>();
            done.forEach(p -> spooled.addAll(p.documents));
            // The directory entries and the rows are forced at once (two files, two fsyncs that need not
            // follow each other): a job is acknowledged only when both are done.
            CompletableFuture<Void> directories = spooled.isEmpty() ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(() -> {
                        try {
                            documents.force(spooled);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, directoryForcer);
            try {
                forceRows(done);
            } finally {
                awaitDirectories(directories);
            }
            lastForceNanos = System.nanoTime() - start;
        } catch (SQLException | IOException | RuntimeException | Error e) {
            LOG.error("Forcing {} new jobs to disk failed; removing them again", done.size(), e);
            syncerConnection.checkAfterFailure();
            remove(done);
            done.forEach(p -> p.fail(e));
            checkpointIfDue(); // a journal file that takes no more records is left at once
            return;
        }
        done.forEach(p -> p.result.complete(p.job));
        checkpointIfDue();
    }

    private static void awaitDirectories(CompletableFuture<Void> directories) throws IOException {
        try {
            Uninterruptibly.get(directories);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("cannot force the spool's directories: " + cause, cause);
        }
    }

    private void forceRows(List<Pending> done) throws SQLException, IOException {
        if (journal == null) {
            dialect.forceToDisk(syncerConnection.connection());
            return;
        }
        List<Job> jobs = new ArrayList<>(done.size());
        List<List<SpooledDocument>> docs = new ArrayList<>(done.size());
        for (Pending p : done) {
            jobs.add(p.job);
            docs.add(p.documents);
        }
        journal.commitInserts(jobs, docs);
    }

    /**
     * Forces the database and drops the journal files it covers: when the journal has grown, or a while after the
     * last checkpoint, so that replay at the next start stays short.
     */
    private void checkpointIfDue() {
        if (journal == null) {
            return;
        }
        try {
            if (journal.empty()) {
                // nothing appended since the last rotation: no database force is due, and no new file (each is
                // written full of zeros) while the store is idle
                lastCheckpointNanos = System.nanoTime();
                return;
            }
            if (journal.size() < CHECKPOINT_BYTES && !journal.damaged()
                    && System.nanoTime() - lastCheckpointNanos < CHECKPOINT_INTERVAL_NANOS) {
                return;
            }
            checkpoint();
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warn("Checkpoint of the job database failed; the journal keeps every new job meanwhile: {}",
                    e.toString());
            syncerConnection.checkAfterFailure();
        }
    }

    private void checkpoint() throws IOException, SQLException {
        List<java.nio.file.Path> covered = journal.rotate();
        dialect.forceToDisk(syncerConnection.connection());
        journal.delete(covered);
        lastCheckpointNanos = System.nanoTime();
    }

    /** After a failed force the callers are told no; their jobs must not appear later either. */
    private void remove(List<Pending> done) {
        try {
            Connection c = syncerConnection.connection();
            c.setAutoCommit(false);
            try (PreparedStatement documents = c.prepareStatement("DELETE FROM documents WHERE job_id = ?");
                    PreparedStatement jobs = c.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
                for (Pending p : done) {
                    documents.setLong(1, p.job.id());
                    documents.addBatch();
                    jobs.setLong(1, p.job.id());
                    jobs.addBatch();
                }
                documents.executeBatch();
                jobs.executeBatch();
                c.commit();
                done.forEach(p -> removed.accept(p.job.id()));
            } finally {
                c.setAutoCommit(true);
            }
            dialect.forceToDisk(c);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Cannot remove jobs {} after a failed force; they may reappear",
                    done.stream().map(p -> p.job.id()).toList(), e);
            syncerConnection.checkAfterFailure();
        }
    }

    /** Waits up to {@code nanos} for one element, then takes what else is there; false if nothing arrived. */
    private static boolean takeWithin(BlockingQueue<Pending> queue, List<Pending> into, long nanos) {
        try {
            Pending p = queue.poll(nanos, TimeUnit.NANOSECONDS);
            if (p == null) {
                return false;
            }
            into.add(p);
        } catch (InterruptedException e) {
            return false; // never interrupted on purpose; the queue still needs serving
        }
        queue.drainTo(into);
        return true;
    }

    /** Waits for one element, then takes what else is there, up to {@code max} in all. */
    private static void take(BlockingQueue<Pending> queue, List<Pending> into, int max) {
        while (into.isEmpty()) {
            try {
                into.add(queue.take());
            } catch (InterruptedException e) {
                // never interrupted on purpose; the queue still needs serving
            }
        }
        queue.drainTo(into, max - 1);
    }

    long batches() {
        return batches.get();
    }

    long inserts() {
        return inserted.get();
    }

    long forces() {
        return forces.get();
    }

    int largestBatch() {
        return largestBatch;
    }

    /** Writes and forces the inserts already queued, then stops both threads and closes their connections. */
    @Override
    public void close() {
        synchronized (inserts) {
            if (closing) {
                return;
            }
            closing = true;
            inserts.add(stop);
        }
        Uninterruptibly.join(writer);
        Uninterruptibly.join(syncer);
        directoryForcer.shutdown();
    }

    static final class Pending {
        final Job draft;
        final List<SpooledDocument> documents;
        final CompletableFuture<Job> result = new CompletableFuture<>();
        Job job;

        Pending(Job draft, List<SpooledDocument> documents) {
            this.draft = draft;
            this.documents = documents;
        }

        void fail(Throwable e) {
            result.completeExceptionally(e instanceof JobStorageException ? e
                    : new JobStorageException("cannot store the job: " + e, e));
        }

        /** Waits through interrupts: returning early would leave the caller unsure whether its job exists. */
        Job await() {
            try {
                return Uninterruptibly.get(result);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw new JobStorageException(cause.getMessage(), cause);
            }
        }
    }
}
