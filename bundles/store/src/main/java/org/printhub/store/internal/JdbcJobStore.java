package org.printhub.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
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
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^;&]*");

    private final Spool spool;
    private final ConnectionPool pool;
    private final Dialect dialect;
    private final JobRepository jobs;
    private final GroupCommitWriter writer;
    /** With H2 only: PostgreSQL makes each commit durable itself. */
    private final Journal journal;

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
        try {
            this.dialect = pool.call(c -> {
                Connection connection = c.connection();
                int version = Schema.migrate(connection);
                LOG.info("Job store on {} (schema version {}), spool {}", redact(url), version, spool.root());
                return Dialect.of(connection);
            });
            this.jobs = new JobRepository(pool);
            this.journal = dialect == Dialect.H2 && config.journal() ? openJournal(journalDir(config, context)) : null;
            int orphans = jobs.sweepOrphans(spool);
            if (orphans > 0) {
                LOG.warn("Deleted {} spool files that no job refers to (left by an interrupted submission)",
                        orphans);
            }
            this.writer = new GroupCommitWriter(opener, dialect, config.maxBatchSize(), spool::active,
                    spool::forceDirectories, journal);
        } catch (SQLException | IOException | RuntimeException e) {
            pool.close();
            throw new JobStorageException("cannot open the job store at " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    private static Path journalDir(Config config, BundleContext context) {
        return config.journalDirectory().isBlank() ? DataDirectory.of(context).resolve("db").resolve("journal")
                : Paths.get(config.journalDirectory().trim());
    }

    /**
     * Puts back what the journal holds and the database lost, forces the database, and only then drops the old
     * journal files and starts a new one.
     */
    private Journal openJournal(Path dir) throws IOException, SQLException {
        List<Path> old = Files.isDirectory(dir) ? Journal.files(dir) : List.of();
        if (!old.isEmpty()) {
            List<Journal.Entry> entries = Journal.replay(dir);
            int restored = jobs.restore(entries, location -> Files.exists(spool.file(location)));
            jobs.sync(dialect);
            if (restored > 0) {
                LOG.info("Put back {} accepted job(s) from the journal that the database had not yet written",
                        restored);
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
        return writer.insert(draft, documents);
    }

    @Override
    public Optional<Job> find(long id) {
        return storage(() -> jobs.find(id));
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
        return storage(() -> jobs.update(updated));
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
            jobs.sync(dialect);
            return null;
        });
    }

    @Override
    public InputStream openDocument(long jobId, int index) throws IOException {
        String location = storage(() -> jobs.documentLocation(jobId, index))
                .orElseThrow(() -> new NoSuchJobException(jobId + " (document " + index + ")"));
        return spool.open(location);
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
