package org.printhub.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few threads, each with one connection kept open and its prepared statements; work is handed to them.
 *
 * <p>Callers never touch the database themselves because an interrupt that reaches an embedded H2 in the
 * middle of file I/O closes its FileChannel and with it the whole database for every connection (h2database
 * #227, #1076; reproduced with 2.3.232: "The database has been closed"). Drivers and servlet containers do
 * interrupt their threads; these threads are never interrupted.
 */
final class ConnectionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);
    private static final int STATEMENT_CACHE_SIZE = 32;

    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    @FunctionalInterface
    interface Work<T> {
        T apply(Pooled connection) throws SQLException;
    }

    private final BlockingQueue<Task<?>> tasks = new LinkedBlockingQueue<>();
    private final Task<Void> stop = new Task<>(c -> null);
    private final List<Thread> threads = new ArrayList<>();
    private boolean closed;

    ConnectionPool(Opener opener, int size, String name) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least one connection, not " + size);
        }
        for (int i = 1; i <= size; i++) {
            Thread t = new Thread(null, () -> serve(new Pooled(opener)), name + "-" + i, 0, false);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void serve(Pooled connection) {
        try {
            while (true) {
                Task<?> task;
                try {
                    task = tasks.take();
                } catch (InterruptedException e) {
                    continue;
                }
                if (task == stop) {
                    return;
                }
                task.run(connection);
            }
        } finally {
            connection.close();
        }
    }

    /** Runs {@code work} on one of the pool's connections and waits for it, through interrupts. */
    <T> T call(Work<T> work) throws SQLException {
        Task<T> task = new Task<>(work);
        synchronized (tasks) {
            if (closed) {
                throw new SQLException("the job store is closed");
            }
            tasks.add(task);
        }
        return task.await();
    }

    /** Finishes the work handed in so far, then closes the connections. */
    @Override
    public void close() {
        synchronized (tasks) {
            if (closed) {
                return;
            }
            closed = true;
            threads.forEach(t -> tasks.add(stop));
        }
        threads.forEach(Uninterruptibly::join);
    }

    private static final class Task<T> {
        private final Work<T> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Task(Work<T> work) {
            this.work = work;
        }

        void run(Pooled connection) {
            try {
                result.complete(work.apply(connection));
            } catch (SQLException | RuntimeException | Error e) {
                connection.checkAfterFailure();
                result.completeExceptionally(e);
            }
        }

        T await() throws SQLException {
            try {
                return Uninterruptibly.get(result);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SQLException) {
                    SQLException s = (SQLException) cause;
                    throw new SQLException(s.getMessage(), s.getSQLState(), s.getErrorCode(), s);
                }
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                throw (Error) cause;
            }
        }
    }

    /** A connection confined to one thread, opened on first use and reopened after it broke. */
    static final class Pooled {
        private final Opener opener;
        private Connection connection;
        private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() > STATEMENT_CACHE_SIZE) {
                    closeQuietly(eldest.getValue());
                    return true;
                }
                return false;
            }
        };

        Pooled(Opener opener) {
            this.opener = opener;
        }

        Connection connection() throws SQLException {
            if (connection == null) {
                connection = opener.open();
            }
            return connection;
        }

        /** A prepared statement for {@code sql}, reused across calls; do not close it. */
        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = connection().prepareStatement(sql);
                statements.put(sql, ps);
            }
            return ps;
        }

        /** Runs {@code work} in one transaction. */
        <T> T inTransaction(Work<T> work) throws SQLException {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                T result = work.apply(this);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }

        void checkAfterFailure() {
            try {
                if (connection != null && !connection.isValid(5)) {
                    LOG.warn("A database connection stopped answering; it will be reopened");
                    close();
                }
            } catch (SQLException e) {
                close();
            }
        }

        void close() {
            statements.values().forEach(ConnectionPool::closeQuietly);
            statements.clear();
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.debug("Closing a database connection failed", e);
                }
                connection = null;
            }
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed", c, e);
        }
    }
}
