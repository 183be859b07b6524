package org.printhub.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Job ids, taken from the id_allocation counter a block at a time. The counter is advanced and committed
 * before any id of the block is used, so ids never repeat, also across nodes sharing a database; a crash
 * or restart only leaves the unused rest of a block as a gap. Used by one thread.
 */
final class IdAllocator {
    static final String JOBS = "jobs";
    static final int BLOCK_SIZE = 100;

    private long next;
    private long limit;

    /**
     * Ids for {@code count} new jobs. May commit the connection's transaction, so call it before starting
     * the one that uses the ids.
     */
    long[] take(Connection c, int count) throws SQLException {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            if (next == limit) {
                allocate(c, Math.max(BLOCK_SIZE, count - i));
            }
            ids[i] = next++;
        }
        return ids;
    }

    private void allocate(Connection c, int size) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE id_allocation SET next_id = next_id + ? WHERE name = ?");
                PreparedStatement select = c.prepareStatement("SELECT next_id FROM id_allocation WHERE name = ?")) {
            update.setInt(1, size);
            update.setString(2, JOBS);
            if (update.executeUpdate() != 1) {
                throw new SQLException("the id_allocation table has no '" + JOBS + "' counter");
            }
            select.setString(1, JOBS);
            long end;
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                end = rs.getLong(1);
            }
            c.commit();
            next = end - size;
            limit = end;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }
}
