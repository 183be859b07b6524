package org.printhub.store.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobStorageException;
import org.printhub.job.store.SpooledDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts new jobs with group commit: one thread takes every insert waiting in the queue, writes them in one
 * transaction, forces the spool directories and the database to disk once, and only then lets each caller
 * return. While it forces one batch, the next one gathers.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final String INSERT_DOCUMENT = "INSERT INTO documents (job_id, idx, name, mime_type, size, "
            + "sha256, location) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final ConnectionPool.Pooled connection;
    private final Dialect dialect;
    private final Spool spool;
    private final int maxBatchSize;
    private final IdAllocator ids = new IdAllocator();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Pending stop = new Pending(null, null);
    private final Thread thread;
    private boolean closing;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong inserts = new AtomicLong();
    private volatile int largestBatch;

    GroupCommitWriter(ConnectionPool.Opener opener, Dialect dialect, Spool spool, int maxBatchSize) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, not " + maxBatchSize);
        }
        this.connection = new ConnectionPool.Pooled(opener);
        this.dialect = dialect;
        this.spool = spool;
        this.maxBatchSize = maxBatchSize;
        this.thread = new Thread(this::run, "printhub-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    Job insert(Job draft, List<SpooledDocument> documents) {
        Pending p = new Pending(draft, List.copyOf(documents));
        synchronized (queue) {
            if (closing) {
                throw new JobStorageException("the job store is closed", null);
            }
            queue.add(p);
        }
        return p.await();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatchSize);
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(batch, maxBatchSize - 1);
            stopping = batch.remove(stop);
            if (!batch.isEmpty()) {
                try {
                    write(batch);
                } catch (RuntimeException | Error e) {
                    LOG.error("Writing {} new jobs failed unexpectedly", batch.size(), e);
                    batch.forEach(p -> p.fail(e));
                }
            }
            batch.clear();
        }
        connection.close();
    }

    private void write(List<Pending> batch) {
        batches.incrementAndGet();
        inserts.addAndGet(batch.size());
        largestBatch = Math.max(largestBatch, batch.size());
        List<Job> jobs;
        Connection c;
        try {
            c = connection.connection();
            c.setAutoCommit(false);
            jobs = insertAndCommit(c, batch);
        } catch (SQLException | IOException | RuntimeException e) {
            rollback();
            if (batch.size() > 1) {
                // one bad job must not fail the others: find it by inserting one at a time
                for (Pending p : batch) {
                    write(List.of(p));
                }
            } else {
                batch.get(0).fail(e);
            }
            return;
        }
        try {
            dialect.forceToDisk(c);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Forcing {} new jobs to disk failed; removing them again", batch.size(), e);
            remove(c, jobs);
            batch.forEach(p -> p.fail(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(jobs.get(i));
        }
    }

    private List<Job> insertAndCommit(Connection c, List<Pending> batch) throws SQLException, IOException {
        long[] newIds = ids.take(c, batch.size());
        List<SpooledDocument> allDocuments = new ArrayList<>();
        PreparedStatement insertJob = connection.prepare(JobRows.INSERT);
        PreparedStatement insertDocument = connection.prepare(INSERT_DOCUMENT);
        List<Job> jobs = new ArrayList<>(batch.size());
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
                allDocuments.add(d);
            }
            Job job = p.draft.toBuilder().id(id).revision(1).documents(infos).build();
            int next = JobRows.bind(insertJob, job);
            insertJob.setLong(next++, id);
            insertJob.setLong(next, 1);
            insertJob.addBatch();
            jobs.add(job);
        }
        // directory entries first: once the rows are committed they may reach the disk at any moment
        spool.forceDirectories(allDocuments);
        insertJob.executeBatch();
        if (!allDocuments.isEmpty()) {
            insertDocument.executeBatch();
        }
        c.commit();
        return jobs;
    }

    private void rollback() {
        try {
            Connection c = connection.connection();
            c.rollback();
            clearBatches();
        } catch (SQLException e) {
            LOG.debug("Rollback failed", e);
        }
        connection.checkAfterFailure();
    }

    private void clearBatches() throws SQLException {
        connection.prepare(JobRows.INSERT).clearBatch();
        connection.prepare(INSERT_DOCUMENT).clearBatch();
    }

    /** After a failed force the callers are told no; their jobs must not appear later either. */
    private void remove(Connection c, List<Job> jobs) {
        try (PreparedStatement documents = c.prepareStatement("DELETE FROM documents WHERE job_id = ?");
                PreparedStatement rows = c.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
            for (Job job : jobs) {
                documents.setLong(1, job.id());
                documents.addBatch();
                rows.setLong(1, job.id());
                rows.addBatch();
            }
            documents.executeBatch();
            rows.executeBatch();
            c.commit();
            dialect.forceToDisk(c);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Cannot remove jobs {} after a failed force; they may reappear",
                    jobs.stream().map(Job::id).toList(), e);
            rollback();
        }
    }

    long batches() {
        return batches.get();
    }

    long inserts() {
        return inserts.get();
    }

    int largestBatch() {
        return largestBatch;
    }

    /** Writes the inserts already queued, then stops the thread and closes its connection. */
    @Override
    public void close() {
        synchronized (queue) {
            if (closing) {
                return;
            }
            closing = true;
            queue.add(stop);
        }
        ConnectionPool.joinUninterruptibly(thread);
    }

    private static final class Pending {
        final Job draft;
        final List<SpooledDocument> documents;
        final CompletableFuture<Job> result = new CompletableFuture<>();

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
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return result.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof JobStorageException) {
                            throw new JobStorageException(cause.getMessage(), cause);
                        }
                        throw new JobStorageException("cannot store the job: " + cause, cause);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
