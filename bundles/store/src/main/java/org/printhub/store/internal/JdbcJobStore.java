package org.printhub.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.jdbc.DataSourceFactory;
import org.printhub.job.DataDirectory;
import org.printhub.job.Job;
import org.printhub.job.JobPage;
import org.printhub.job.JobQuery;
import org.printhub.job.JobState;
import org.printhub.job.JobStorageException;
import org.printhub.job.NoSuchJobException;
import org.printhub.job.store.Dispatched;
import org.printhub.job.store.JobStore;
import org.printhub.job.store.SpooledDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job store on JDBC and spool files. Inserts go through the group-commit writer; everything else runs on
 * a few store-owned threads with their own connections. Opened by {@link JobStoreComponent}, off the
 * framework's start thread.
 */
public final class JdbcJobStore implements JobStore {
    static final String PID = "org.printhub.store";
    static final String H2_FACTORY = "(osgi.jdbc.driver.class=org.h2.Driver)";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcJobStore.class);
    private static final int RECENT_LOCATIONS = 4096;
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^;&]*");

    private final Spool spool;
    private final ConnectionPool pool;
    private final Dialect dialect;
    private final JobRepository jobs;
    private final GroupCommitWriter writer;
    /** With H2 only: PostgreSQL makes each commit durable itself. */
    private final Journal journal;
    /**
     * The spooled documents (location and size) of the jobs inserted last, so that printing a job just queued does
     * not ask the database where its documents are. They never change; a deleted job's entry goes with it.
     */
    private final Map<Long, List<SpooledDocument>> recentLocations = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, List<SpooledDocument>> eldest) {
                    return size() > RECENT_LOCATIONS;
                }
            });
    /** Jobs as last committed; empty (capacity 0) unless this store is the database's only writer. */
    private final JobSnapshots snapshots;
    /** A change could not be appended to the journal: the next sync forces the database. */
    private volatile boolean databaseUnforced;

    /** Opens the database (creating or migrating its schema) and the spool; sweeps orphaned spool files. */
    public JdbcJobStore(Config config, BundleContext context, DataSourceFactory factory) {
        String url = config.url().isBlank()
                ? "jdbc:h2:file:" + DataDirectory.of(context).resolve("db").resolve("printhub")
                        // the store closes the database itself; H2's shutdown hook would close it under us
                        + ";DB_CLOSE_ON_EXIT=FALSE"
                : config.url().trim();
        Path spoolDir = config.spoolDirectory().isBlank() ? DataDirectory.of(context).resolve("spool")
                : Paths.get(config.spoolDirectory().trim());
        DataSource dataSource = dataSource(factory, url, config);
        ConnectionPool.Opener opener = dataSource::getConnection;
        this.spool = new Spool(spoolDir, config.minFreeBytes(), Clock.systemUTC());
        this.pool = new ConnectionPool(opener, config.readConnections(), "printhub-store-db");
        Journal opened = null;
        try {
            this.dialect = pool.call(c -> {
                Connection connection = c.connection();
                int version = Schema.migrate(connection);
                LOG.info("Job store on {} (schema version {}), spool {}", redact(url), version, spool.root());
                return Dialect.of(connection);
            });
            this.jobs = new JobRepository(pool);
            this.snapshots = new JobSnapshots(ownsDatabase(dialect, url) ? config.jobCacheSize() : 0);
            opened = dialect == Dialect.H2 && config.journal() ? openJournal(journalDir(config, context)) : null;
            this.journal = opened;
            int orphans = jobs.sweepOrphans(spool);
            if (orphans > 0) {
                LOG.warn("Deleted {} spool files that no job refers to (left by an interrupted submission)",
                        orphans);
            }
            this.writer = new GroupCommitWriter(opener, dialect, config.maxBatchSize(), spool::active,
                    spool::forceDirectories, journal, snapshots::deleted);
        } catch (SQLException | IOException | RuntimeException e) {
            if (opened != null) {
                try {
                    opened.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            pool.close();
            throw new JobStorageException("cannot open the job store at " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    /** An embedded H2 database: no other process or node writes to it (a server mode would let them). */
    static boolean ownsDatabase(Dialect dialect, String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return dialect == Dialect.H2 && !u.startsWith("jdbc:h2:tcp:") && !u.startsWith("jdbc:h2:ssl:")
                && !u.contains("auto_server=true");
    }

    private static Path journalDir(Config config, BundleContext context) {
        return config.journalDirectory().isBlank() ? DataDirectory.of(context).resolve("db").resolve("journal")
                : Paths.get(config.journalDirectory().trim());
    }

    /**
     * Puts back what the journal holds and the database lost, forces the database, and only then drops the old
     * journal files (with them an unused prepared one a crash left) and starts a new one.
     */
    private Journal openJournal(Path dir) throws IOException, SQLException {
        List<Path> old = Files.isDirectory(dir) ? Journal.files(dir) : List.of();
        if (!old.isEmpty()) {
            Journal.Replay replay = Journal.read(dir);
            int restored = jobs.restore(replay.inserts(), spool::isComplete);
            int changed = jobs.restoreUpdates(replay.updates());
            jobs.sync(dialect);
            if (restored > 0 || changed > 0) {
                LOG.info("Put back from the journal what the database had not yet written: {} accepted job(s), "
                        + "{} change(s) of state", restored, changed);
            }
        }
        Journal opened = new Journal(dir);
        for (Path p : old) {
            Files.deleteIfExists(p);
        }
        return opened;
    }

    private static DataSource dataSource(DataSourceFactory factory, String url, Config config) {
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, url);
        p.setProperty(DataSourceFactory.JDBC_USER, config.user());
        p.setProperty(DataSourceFactory.JDBC_PASSWORD, config._password());
        try {
            return factory.createDataSource(p);
        } catch (SQLException e) {
            throw new JobStorageException("cannot create a data source for " + redact(url) + ": " + e.getMessage(),
                    e);
        }
    }

    /** A URL may carry a password (PostgreSQL's ?password=, H2's ;PASSWORD=); never log it. */
    static String redact(String url) {
        return PASSWORD_IN_URL.matcher(url).replaceAll("$1***");
    }

    void close() {
        writer.close();
        pool.close();
    }

    @Override
    public SpooledDocument spool(String name, String mimeType, InputStream in, long maxBytes) {
        return spool.spool(name, mimeType, in, maxBytes);
    }

    @Override
    public void discard(SpooledDocument document) {
        spool.discard(document);
    }

    @Override
    public Job insert(Job draft, List<SpooledDocument> documents) {
        documents.forEach(spool::check);
        // The documents are forced while the row is committed and its journal record forced: the caller waits
        // for the slower of the two, not their sum. Acknowledged only once both are on disk; a record whose
        // document did not make it before a crash is not put back (isComplete), nor printed (open).
        GroupCommitWriter.Pending pending = writer.enqueue(draft, documents);
        IOException notForced = null;
        try {
            spool.force(documents);
        } catch (IOException e) {
            notForced = e;
        }
        Job job = pending.await();
        if (notForced != null) {
            delete(job);
            throw new JobStorageException("cannot force the documents of a new job to disk: " + notForced, notForced);
        }
        recentLocations.put(job.id(), List.copyOf(documents));
        snapshots.offer(job);
        return job;
    }

    @Override
    public Optional<Job> find(long id) {
        Optional<Optional<Job>> known = snapshots.get(id);
        if (known.isPresent()) {
            return known.get();
        }
        Optional<Job> found = storage(() -> jobs.find(id));
        found.ifPresent(snapshots::offer);
        return found;
    }

    @Override
    public Optional<Job> findByToken(String token) {
        return storage(() -> jobs.findByToken(token));
    }

    @Override
    public JobPage query(JobQuery query) {
        return storage(() -> jobs.query(query));
    }

    @Override
    public Optional<Job> update(Job updated) {
        Optional<Job> stored = storage(() -> jobs.update(updated));
        stored.ifPresent(this::journalled);
        return stored;
    }

    @Override
    public Dispatched dispatch(Job finished, String deviceId, int limit, Function<Job, Optional<Job>> decide,
            Predicate<Job> enough) {
        Dispatched done = storage(() -> jobs.dispatch(finished, deviceId, limit, decide, enough));
        done.finished().ifPresent(this::journalled);
        done.stored().forEach(this::journalled);
        return done;
    }

    /** An update was committed: remembered, and appended to the journal the next sync forces. */
    private void journalled(Job stored) {
        snapshots.offer(stored);
        if (journal != null) {
            try {
                journal.appendUpdate(stored);
            } catch (IOException e) {
                // committed, but not in the journal: the next sync forces the database itself
                databaseUnforced = true;
                LOG.warn("Cannot append job {}'s change to the journal ({}); the next sync forces the database",
                        stored.id(), e.toString());
            }
        }
    }

    @Override
    public boolean delete(Job job) {
        if (journal != null) {
            try {
                journal.commitDelete(job.id());
            } catch (IOException e) {
                throw new JobStorageException("cannot record the deletion of job " + job.id() + ": " + e, e);
            }
        }
        Optional<List<String>> files = storage(() -> jobs.delete(job.id(), job.revision()));
        files.ifPresent(gone -> {
            recentLocations.remove(job.id());
            snapshots.deleted(job.id());
        });
        if (files.isEmpty() && journal != null) {
            try {
                journal.commitUndelete(job.id());
            } catch (IOException e) {
                LOG.warn("Cannot record in the journal that job {} stays: {}", job.id(), e.toString());
            }
        }
        files.ifPresent(locations -> locations.forEach(spool::delete));
        return files.isPresent();
    }

    /**
     * With the journal, forcing it is enough: every change committed before this call is in it (or in the
     * database's last checkpoint). Without, or when an append failed, the database is forced.
     */
    @Override
    public void sync() {
        storage(() -> {
            if (journal != null) {
                try {
                    journal.force();
                } catch (IOException e) {
                    throw new SQLException("cannot force the journal: " + e, e);
                }
            }
            if (journal == null || databaseUnforced) {
                databaseUnforced = false;
                jobs.sync(dialect);
            }
            return null;
        });
    }

    @Override
    public InputStream openDocument(long jobId, int index) throws IOException {
        List<SpooledDocument> known = recentLocations.get(jobId);
        if (known != null && index >= 0 && index < known.size()) {
            return spool.open(known.get(index).location(), known.get(index).size());
        }
        JobRepository.StoredDocument stored = storage(() -> jobs.documentLocation(jobId, index))
                .orElseThrow(() -> new NoSuchJobException(jobId + " (document " + index + ")"));
        return spool.open(stored.location(), stored.size());
    }

    @Override
    public List<Job> nextPending(String deviceId, int limit) {
        return storage(() -> jobs.nextPending(deviceId, limit));
    }

    @Override
    public long count(String deviceId, Set<JobState> states) {
        return storage(() -> jobs.count(deviceId, states));
    }

    @Override
    public Set<String> deviceIds(Set<JobState> states) {
        return storage(() -> jobs.deviceIds(states));
    }

    @Override
    public Set<String> pausedDevices() {
        return storage(jobs::pausedDevices);
    }

    @Override
    public void setPaused(String deviceId, boolean paused) {
        storage(() -> {
            jobs.setPaused(deviceId, paused, dialect);
            return null;
        });
    }

    GroupCommitWriter writer() {
        return writer;
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run() throws SQLException;
    }

    private static <T> T storage(Sql<T> sql) {
        try {
            return sql.run();
        } catch (SQLException e) {
            throw new JobStorageException("job store: " + e.getMessage(), e);
        }
    }
}
