package org.printhub.store.internal;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobPage;
import org.printhub.job.JobQuery;
import org.printhub.job.JobState;
import org.printhub.job.JobStorageException;
import org.printhub.job.store.Dispatched;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and updates jobs on the pooled connections. A row that cannot be read is reported once and left out
 * of every list; asked for by id or token, it is an error.
 */
final class JobRepository {
    private static final Logger LOG = LoggerFactory.getLogger(JobRepository.class);
    private static final String SELECT = "SELECT " + JobRows.COLUMNS + " FROM jobs";

    private final ConnectionPool pool;
    private final Set<Long> reportedCorrupt = ConcurrentHashMap.newKeySet();

    JobRepository(ConnectionPool pool) {
        this.pool = pool;
    }

    Optional<Job> find(long id) throws SQLException {
        return findOne(SELECT + " WHERE id = ?", id);
    }

    Optional<Job> findByToken(String token) throws SQLException {
        return findOne(SELECT + " WHERE token = ?", token);
    }

    private Optional<Job> findOne(String sql, Object key) throws SQLException {
        List<Job> found = new ArrayList<>(1);
        List<CorruptRowException> corrupt = new ArrayList<>(1);
        pool.call(c -> {
            PreparedStatement ps = c.prepare(sql);
            ps.setObject(1, key);
            read(c, ps, found, corrupt);
            return null;
        });
        if (!corrupt.isEmpty()) {
            throw new JobStorageException(corrupt.get(0).getMessage(), corrupt.get(0));
        }
        return found.stream().findFirst();
    }

    JobPage query(JobQuery q) throws SQLException {
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        if (!q.states().isEmpty()) {
            where.append(" AND state IN ").append(placeholders(q.states().size()));
            q.states().forEach(s -> params.add(s.keyword()));
        }
        q.owner().ifPresent(o -> condition(where, params, "owner = ?", o));
        q.deviceId().ifPresent(d -> condition(where, params, "device_id = ?", d));
        q.origin().ifPresent(o -> condition(where, params, "origin = ?", o));
        q.createdFrom().ifPresent(t -> condition(where, params, "created_at >= ?", JobRows.toDecimal(t)));
        q.createdBefore().ifPresent(t -> condition(where, params, "created_at < ?", JobRows.toDecimal(t)));
        q.favourite().ifPresent(f -> condition(where, params, "favourite = ?", f));
        String filter = where.length() == 0 ? "" : " WHERE" + where.substring(" AND".length());
        String page = SELECT + filter + " ORDER BY id " + (q.newestFirst() ? "DESC" : "ASC")
                + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        List<Job> jobs = new ArrayList<>();
        long total = pool.call(c -> {
            PreparedStatement count = c.prepare("SELECT COUNT(*) FROM jobs" + filter);
            int i = set(count, params);
            long n;
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                n = rs.getLong(1);
            }
            PreparedStatement ps = c.prepare(page);
            i = set(ps, params);
            ps.setInt(i++, q.offset());
            ps.setInt(i, q.limit());
            readSkippingCorrupt(c, ps, jobs);
            return n;
        });
        return new JobPage(jobs, total, q.offset());
    }

    List<Job> nextPending(String deviceId, int limit) throws SQLException {
        return pool.call(c -> nextPending(c, deviceId, limit));
    }

    private List<Job> nextPending(ConnectionPool.Pooled c, String deviceId, int limit) throws SQLException {
        List<Job> jobs = new ArrayList<>();
        PreparedStatement ps = c.prepare(SELECT + " WHERE device_id = ? AND state = ?"
                + " ORDER BY priority DESC, id ASC FETCH FIRST ? ROWS ONLY");
        ps.setString(1, deviceId);
        ps.setString(2, JobState.PENDING.keyword());
        ps.setInt(3, limit);
        readSkippingCorrupt(c, ps, jobs);
        return jobs;
    }

    /** {@link org.printhub.job.store.JobStore#dispatch} on one pooled connection: one hand-off, not three. */
    Dispatched dispatch(Job finished, String deviceId, int limit, Function<Job, Optional<Job>> decide,
            Predicate<Job> enough) throws SQLException {
        return pool.call(c -> Dispatched.run(finished, deviceId, limit, job -> update(c, job),
                device -> nextPending(c, device, limit), decide, enough));
    }

    long count(String deviceId, Set<JobState> states) throws SQLException {
        if (states.isEmpty()) {
            return 0;
        }
        return pool.call(c -> {
            PreparedStatement ps = c.prepare("SELECT COUNT(*) FROM jobs WHERE device_id = ? AND state IN "
                    + placeholders(states.size()));
            ps.setString(1, deviceId);
            int i = 2;
            for (JobState s : states) {
                ps.setString(i++, s.keyword());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    Set<String> deviceIds(Set<JobState> states) throws SQLException {
        if (states.isEmpty()) {
            return Set.of();
        }
        return pool.call(c -> {
            PreparedStatement ps = c.prepare("SELECT DISTINCT device_id FROM jobs WHERE state IN "
                    + placeholders(states.size()));
            int i = 1;
            for (JobState s : states) {
                ps.setString(i++, s.keyword());
            }
            return strings(ps);
        });
    }

    /** Compare-and-set on the revision; committed, not forced. */
    Optional<Job> update(Job updated) throws SQLException {
        return pool.call(c -> update(c, updated));
    }

    private static Optional<Job> update(ConnectionPool.Pooled c, Job updated) throws SQLException {
        Job stored = updated.toBuilder().revision(updated.revision() + 1).build();
        PreparedStatement ps = c.prepare(JobRows.UPDATE);
        int i = JobRows.bind(ps, stored);
        ps.setLong(i++, stored.revision());
        ps.setLong(i++, updated.id());
        ps.setLong(i, updated.revision());
        return ps.executeUpdate() == 1 ? Optional.of(stored) : Optional.empty();
    }

    /** Where a document's file is, and the size recorded for it. */
    record StoredDocument(String location, long size) {
    }

    Optional<StoredDocument> documentLocation(long jobId, int index) throws SQLException {
        return pool.call(c -> {
            PreparedStatement ps = c.prepare("SELECT location, size FROM documents WHERE job_id = ? AND idx = ?");
            ps.setLong(1, jobId);
            ps.setInt(2, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredDocument(rs.getString(1), rs.getLong(2)))
                        : Optional.empty();
            }
        });
    }

    /**
     * Deletes a job's row and document rows in one transaction, only if it is still at {@code revision}.
     *
     * @return the spool locations of its documents, to delete once committed; empty if the job changed or is gone
     */
    Optional<List<String>> delete(long id, long revision) throws SQLException {
        return pool.call(c -> c.inTransaction(t -> {
            PreparedStatement locations = t.prepare("SELECT location FROM documents WHERE job_id = ? ORDER BY idx");
            locations.setLong(1, id);
            List<String> files = new ArrayList<>(strings(locations));
            PreparedStatement documents = t.prepare("DELETE FROM documents WHERE job_id = ?");
            documents.setLong(1, id);
            documents.executeUpdate();
            PreparedStatement job = t.prepare("DELETE FROM jobs WHERE id = ? AND revision = ?");
            job.setLong(1, id);
            job.setLong(2, revision);
            if (job.executeUpdate() != 1) {
                t.connection().rollback();
                return Optional.<List<String>>empty();
            }
            return Optional.of(files);
        }));
    }

    /**
     * Puts back the journaled jobs the database lost in a crash (those it has are left as they are), and moves the
     * id counter past every id in the journal, whose block the database may have lost too.
     *
     * @param spoolFileExists whether a document's spool file is there
     * @return how many jobs were put back
     */
    /** @param spoolFileComplete whether the file at a location is there with the size given */
    int restore(List<Journal.Entry> entries, BiPredicate<String, Long> spoolFileComplete) throws SQLException {
        return pool.call(c -> c.inTransaction(t -> {
            PreparedStatement exists = t.prepare("SELECT 1 FROM jobs WHERE id = ?");
            PreparedStatement insertJob = t.prepare(JobRows.INSERT);
            PreparedStatement insertDocument = t.prepare(GroupCommitWriter.INSERT_DOCUMENT);
            int restored = 0;
            long maxId = 0;
            for (Journal.Entry e : entries) {
                Job job = e.job();
                maxId = Math.max(maxId, job.id());
                exists.setLong(1, job.id());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
                boolean complete = true;
                for (int i = 0; i < e.locations().size(); i++) {
                    complete &= spoolFileComplete.test(e.locations().get(i), job.documents().get(i).size());
                }
                if (!complete) {
                    // forced in parallel with its record: a crash between the two means its submission was
                    // never acknowledged; otherwise the spool lost a file
                    LOG.error("Job {} from the journal has a spool file missing or incomplete; it cannot be put "
                            + "back (if its submission was cut short by a crash, it was never acknowledged)",
                            job.id());
                    continue;
                }
                for (int i = 0; i < e.locations().size(); i++) {
                    DocumentInfo d = job.documents().get(i);
                    insertDocument.setLong(1, job.id());
                    insertDocument.setInt(2, i);
                    insertDocument.setString(3, d.name());
                    insertDocument.setString(4, d.mimeType());
                    insertDocument.setLong(5, d.size());
                    insertDocument.setString(6, d.sha256());
                    insertDocument.setString(7, e.locations().get(i));
                    insertDocument.executeUpdate();
                }
                int next = JobRows.bind(insertJob, job);
                insertJob.setLong(next++, job.id());
                insertJob.setLong(next, job.revision());
                insertJob.executeUpdate();
                restored++;
            }
            PreparedStatement counter = t.prepare(
                    "UPDATE id_allocation SET next_id = ? WHERE name = ? AND next_id <= ?");
            counter.setLong(1, maxId + 1);
            counter.setString(2, IdAllocator.JOBS);
            counter.setLong(3, maxId);
            counter.executeUpdate();
            return restored;
        }));
    }

    /** @return how many spool files no document refers to were deleted */
    int sweepOrphans(Spool spool) throws SQLException {
        return pool.call(c -> {
            PreparedStatement ps = c.prepare("SELECT 1 FROM documents WHERE location = ?");
            try {
                return spool.sweep(location -> {
                    ps.setString(1, location);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                });
            } catch (IOException e) {
                throw new SQLException("cannot sweep the spool: " + e, e);
            }
        });
    }

    Set<String> pausedDevices() throws SQLException {
        return pool.call(c -> strings(c.prepare("SELECT device_id FROM paused_devices ORDER BY device_id")));
    }

    void setPaused(String deviceId, boolean paused, Dialect dialect) throws SQLException {
        pool.call(c -> {
            c.inTransaction(t -> {
                PreparedStatement delete = t.prepare("DELETE FROM paused_devices WHERE device_id = ?");
                delete.setString(1, deviceId);
                delete.executeUpdate();
                if (paused) {
                    PreparedStatement insert = t.prepare("INSERT INTO paused_devices (device_id) VALUES (?)");
                    insert.setString(1, deviceId);
                    insert.executeUpdate();
                }
                return null;
            });
            // an administrator's pause is rare and must survive a crash right after it was confirmed
            dialect.forceToDisk(c.connection());
            return null;
        });
    }

    /**
     * Writes back the journal's last rows of jobs whose stored row is older (a lower revision): changes the
     * database had committed but not yet written when the process died. Documents are left as they are.
     *
     * @return how many rows were written back
     */
    int restoreUpdates(List<Job> updates) throws SQLException {
        if (updates.isEmpty()) {
            return 0;
        }
        return pool.call(c -> c.inTransaction(t -> {
            PreparedStatement ps = t.prepare(JobRows.RESTORE_UPDATE);
            int restored = 0;
            for (Job job : updates) {
                int i = JobRows.bind(ps, job);
                ps.setLong(i++, job.revision());
                ps.setLong(i++, job.id());
                ps.setLong(i, job.revision());
                restored += ps.executeUpdate();
            }
            return restored;
        }));
    }

    void sync(Dialect dialect) throws SQLException {
        pool.call(c -> {
            dialect.forceToDisk(c.connection());
            return null;
        });
    }

    private void readSkippingCorrupt(ConnectionPool.Pooled c, PreparedStatement ps, List<Job> jobs)
            throws SQLException {
        List<CorruptRowException> corrupt = new ArrayList<>();
        read(c, ps, jobs, corrupt);
        for (CorruptRowException e : corrupt) {
            if (reportedCorrupt.add(e.jobId())) {
                LOG.error("Leaving job {} out of every list: {}", e.jobId(), e.getMessage());
            }
        }
    }

    /** Runs a query selecting {@link JobRows#COLUMNS} and reads the jobs with their documents. */
    private static void read(ConnectionPool.Pooled c, PreparedStatement ps, List<Job> jobs,
            List<CorruptRowException> corrupt) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        Map<Long, CorruptRowException> corruptDocuments = new HashMap<>();
        Map<Long, List<DocumentInfo>> documents = documents(c, rows, corruptDocuments);
        for (Row row : rows) {
            CorruptRowException e = row.corrupt != null ? row.corrupt : corruptDocuments.get(row.id);
            if (e != null) {
                corrupt.add(e);
            } else {
                List<DocumentInfo> docs = documents.get(row.id);
                jobs.add(docs == null ? row.job : row.job.toBuilder().documents(docs).build());
            }
        }
    }

    private static Map<Long, List<DocumentInfo>> documents(ConnectionPool.Pooled c, List<Row> rows,
            Map<Long, CorruptRowException> corrupt) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT " + JobRows.DOCUMENT_COLUMNS + " FROM documents WHERE job_id IN "
                + placeholders(rows.size()) + " ORDER BY job_id, idx");
        int i = 1;
        for (Row row : rows) {
            ps.setLong(i++, row.id);
        }
        Map<Long, List<DocumentInfo>> documents = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    DocumentInfo d = JobRows.readDocument(rs);
                    documents.computeIfAbsent(rs.getLong("job_id"), k -> new ArrayList<>()).add(d);
                } catch (CorruptRowException e) {
                    corrupt.putIfAbsent(e.jobId(), e);
                }
            }
        }
        return documents;
    }

    private static Set<String> strings(PreparedStatement ps) throws SQLException {
        Set<String> result = new LinkedHashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        }
        return result;
    }

    private static void condition(StringBuilder where, List<Object> params, String sql, Object value) {
        where.append(" AND ").append(sql);
        params.add(value);
    }

    private static int set(PreparedStatement ps, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            ps.setObject(i++, p);
        }
        return i;
    }

    private static String placeholders(int n) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < n; i++) {
            j.add("?");
        }
        return j.toString();
    }

    /** A jobs row read without its documents, or why it could not be read. */
    private static final class Row {
        final long id;
        final Job job;
        final CorruptRowException corrupt;

        Row(ResultSet rs) throws SQLException {
            id = rs.getLong("id");
            Job j = null;
            CorruptRowException c = null;
            try {
                j = JobRows.read(rs, List.of());
            } catch (CorruptRowException e) {
                c = e;
            }
            job = j;
            corrupt = c;
        }
    }
}
