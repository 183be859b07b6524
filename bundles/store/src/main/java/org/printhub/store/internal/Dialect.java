package org.printhub.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** The one thing the store does differently per database: making committed transactions durable. */
enum Dialect {
    /**
     * H2 2.3 (MVStore) keeps a commit in memory and writes it with the next chunk, by default up to
     * WRITE_DELAY (500 ms) later, and never fsyncs a chunk on its own: a commit acknowledged just before a
     * kill -9 is lost. {@code CHECKPOINT SYNC} runs Store.sync(), which is MVStore.commit() (writes the pending
     * chunk and waits for the write) followed by FileChannel.force(true). Verified with strace (pwrite of the
     * chunk, then fsync, before the statement returns) and by killing a writer with -9: with it, no
     * acknowledged row was lost; without it, the last ~100 were.
     */
    H2 {
        @Override
        void forceToDisk(Connection connection) throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
        }
    },
    /** A PostgreSQL commit is flushed to the WAL before it returns (synchronous_commit = on). */
    POSTGRESQL {
        @Override
        void forceToDisk(Connection connection) {
        }
    },
    /** Any other database: trusted to make a commit durable, as JDBC promises. */
    OTHER {
        @Override
        void forceToDisk(Connection connection) {
        }
    };

    abstract void forceToDisk(Connection connection) throws SQLException;

    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.startsWith("h2")) {
            return H2;
        }
        return product.startsWith("postgresql") ? POSTGRESQL : OTHER;
    }
}
