package org.printhub.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the tables. Migration n is applied once, in order, and recorded in schema_version;
 * a released migration is never edited, only followed by a new one. The SQL is plain SQL:2008 that H2 and
 * PostgreSQL both run.
 */
final class Schema {
    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    /** Instants are kept as decimal epoch seconds with nanoseconds: exact, ordered, full Instant range. */
    private static final String INSTANT = "NUMERIC(28,9)";

    private static final List<List<String>> MIGRATIONS = List.of(
            List.of("CREATE TABLE jobs ("
                    + "id BIGINT NOT NULL PRIMARY KEY,"
                    + "token VARCHAR(64) NOT NULL,"
                    + "revision BIGINT NOT NULL,"
                    + "name VARCHAR NOT NULL,"
                    + "owner VARCHAR NOT NULL,"
                    + "origin VARCHAR NOT NULL,"
                    + "project VARCHAR,"
                    + "account VARCHAR,"
                    + "favourite BOOLEAN NOT NULL,"
                    + "device_id VARCHAR NOT NULL,"
                    + "state VARCHAR(32) NOT NULL,"
                    + "state_reasons VARCHAR NOT NULL,"
                    + "state_message VARCHAR NOT NULL,"
                    + "priority INTEGER NOT NULL,"
                    + "ticket VARCHAR NOT NULL,"
                    + "page_count INTEGER NOT NULL,"
                    + "color_page_count INTEGER NOT NULL,"
                    + "pages_completed INTEGER NOT NULL,"
                    + "cost VARCHAR,"
                    + "created_at " + INSTANT + " NOT NULL,"
                    + "processing_at " + INSTANT + ","
                    + "completed_at " + INSTANT + ","
                    + "updated_at " + INSTANT + " NOT NULL,"
                    + "hold_until " + INSTANT + ","
                    + "attempts INTEGER NOT NULL)",
                    "CREATE UNIQUE INDEX jobs_token ON jobs (token)",
                    "CREATE INDEX jobs_dispatch ON jobs (device_id, state, priority DESC, id)",
                    "CREATE INDEX jobs_state ON jobs (state)",
                    "CREATE INDEX jobs_owner ON jobs (owner)",
                    "CREATE INDEX jobs_created ON jobs (created_at)",
                    "CREATE TABLE documents ("
                            + "job_id BIGINT NOT NULL,"
                            + "idx INTEGER NOT NULL,"
                            + "name VARCHAR NOT NULL,"
                            + "mime_type VARCHAR NOT NULL,"
                            + "size BIGINT NOT NULL,"
                            + "sha256 VARCHAR(64) NOT NULL,"
                            + "location VARCHAR(128) NOT NULL,"
                            + "PRIMARY KEY (job_id, idx))",
                    "CREATE UNIQUE INDEX documents_location ON documents (location)",
                    "CREATE TABLE paused_devices (device_id VARCHAR NOT NULL PRIMARY KEY)",
                    "CREATE TABLE id_allocation (name VARCHAR(32) NOT NULL PRIMARY KEY, next_id BIGINT NOT NULL)",
                    "INSERT INTO id_allocation (name, next_id) VALUES ('" + IdAllocator.JOBS + "', 1)"));

    private Schema() {
    }

    /** @return the schema version now in the database */
    static int migrate(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
            }
            c.commit();
            int current = currentVersion(c);
            if (current > MIGRATIONS.size()) {
                throw new SQLException("the database has schema version " + current
                        + ", newer than this store knows (" + MIGRATIONS.size() + ")");
            }
            for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
                apply(c, v, MIGRATIONS.get(v - 1));
            }
            return MIGRATIONS.size();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection c, int version, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
            ps.setInt(1, version);
            ps.setLong(2, System.currentTimeMillis());
            ps.executeUpdate();
        }
        c.commit();
        LOG.info("Job store schema migrated to version {}", version);
    }
}
