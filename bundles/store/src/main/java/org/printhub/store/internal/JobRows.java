package org.printhub.store.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.printhub.job.DocumentInfo;
import org.printhub.job.Job;
import org.printhub.job.JobState;
import org.printhub.job.JobTicket;

/** Maps a {@link Job} to a row of the jobs table and back. */
final class JobRows {
    /** Every column but id and revision, in the order {@link #bind} sets them. */
    private static final List<String> FIELDS = List.of("token", "name", "owner", "origin", "project", "account",
            "favourite", "device_id", "state", "state_reasons", "state_message", "priority", "ticket", "page_count",
            "color_page_count", "pages_completed", "cost", "created_at", "processing_at", "completed_at",
            "updated_at", "hold_until", "attempts");

    static final String COLUMNS = "id, revision, " + String.join(", ", FIELDS);

    static final String INSERT = "INSERT INTO jobs (" + String.join(", ", FIELDS) + ", id, revision) VALUES ("
            + "?, ".repeat(FIELDS.size() + 1) + "?)";

    static final String UPDATE = "UPDATE jobs SET " + String.join(" = ?, ", FIELDS)
            + " = ?, revision = ? WHERE id = ? AND revision = ?";
    /** As {@link #UPDATE}, but for a row at any revision older than the one written. */
    static final String RESTORE_UPDATE = "UPDATE jobs SET " + String.join(" = ?, ", FIELDS)
            + " = ?, revision = ? WHERE id = ? AND revision < ?";

    static final String DOCUMENT_COLUMNS = "job_id, idx, name, mime_type, size, sha256";

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000);
    private static final char REASON_SEPARATOR = ',';
    private static final char ESCAPE = '\\';

    private JobRows() {
    }

    /** Sets the {@link #FIELDS} as parameters 1 to 23 and returns the next parameter index. */
    static int bind(PreparedStatement ps, Job job) throws SQLException {
        int i = 1;
        ps.setString(i++, job.token());
        ps.setString(i++, job.name());
        ps.setString(i++, job.owner());
        ps.setString(i++, job.origin());
        ps.setString(i++, job.project().orElse(null));
        ps.setString(i++, job.account().orElse(null));
        ps.setBoolean(i++, job.favourite());
        ps.setString(i++, job.deviceId());
        ps.setString(i++, job.state().keyword());
        ps.setString(i++, encodeReasons(job.stateReasons()));
        ps.setString(i++, job.stateMessage());
        ps.setInt(i++, job.ticket().priority());
        ps.setString(i++, TicketJson.write(job.ticket()));
        ps.setInt(i++, job.pageCount());
        ps.setInt(i++, job.colorPageCount());
        ps.setInt(i++, job.pagesCompleted());
        ps.setString(i++, job.cost().map(BigDecimal::toString).orElse(null));
        setInstant(ps, i++, job.createdAt());
        setInstant(ps, i++, job.processingAt().orElse(null));
        setInstant(ps, i++, job.completedAt().orElse(null));
        setInstant(ps, i++, job.updatedAt());
        setInstant(ps, i++, job.holdUntil().orElse(null));
        ps.setInt(i++, job.attempts());
        return i;
    }

    /**
     * Reads a row selected with {@link #COLUMNS}.
     *
     * @throws CorruptRowException if a value cannot be part of a job
     */
    static Job read(ResultSet rs, List<DocumentInfo> documents) throws SQLException, CorruptRowException {
        long id = rs.getLong("id");
        try {
            return Job.builder()
                    .id(id)
                    .revision(rs.getLong("revision"))
                    .token(rs.getString("token"))
                    .name(rs.getString("name"))
                    .owner(rs.getString("owner"))
                    .origin(rs.getString("origin"))
                    .project(rs.getString("project"))
                    .account(rs.getString("account"))
                    .favourite(rs.getBoolean("favourite"))
                    .deviceId(rs.getString("device_id"))
                    .state(JobState.parse(rs.getString("state")))
                    .stateReasons(decodeReasons(rs.getString("state_reasons")))
                    .stateMessage(rs.getString("state_message"))
                    .ticket(readTicket(rs.getString("ticket")))
                    .pageCount(rs.getInt("page_count"))
                    .colorPageCount(rs.getInt("color_page_count"))
                    .pagesCompleted(rs.getInt("pages_completed"))
                    .cost(readCost(rs.getString("cost")))
                    .createdAt(getInstant(rs, "created_at"))
                    .processingAt(getInstant(rs, "processing_at"))
                    .completedAt(getInstant(rs, "completed_at"))
                    .updatedAt(getInstant(rs, "updated_at"))
                    .holdUntil(getInstant(rs, "hold_until"))
                    .attempts(rs.getInt("attempts"))
                    .documents(documents)
                    .build();
        } catch (RuntimeException e) {
            throw new CorruptRowException(id, e);
        }
    }

    /** Reads a row selected with {@link #DOCUMENT_COLUMNS}. */
    static DocumentInfo readDocument(ResultSet rs) throws SQLException, CorruptRowException {
        try {
            return new DocumentInfo(rs.getInt("idx"), rs.getString("name"), rs.getString("mime_type"),
                    rs.getLong("size"), rs.getString("sha256"));
        } catch (RuntimeException e) {
            throw new CorruptRowException(rs.getLong("job_id"), e);
        }
    }

    private static JobTicket readTicket(String json) {
        try {
            return TicketJson.read(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unreadable ticket: " + e.getMessage(), e);
        }
    }

    private static BigDecimal readCost(String text) {
        return text == null ? null : new BigDecimal(text);
    }

    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.NUMERIC);
        } else {
            ps.setBigDecimal(index, toDecimal(instant));
        }
    }

    static BigDecimal toDecimal(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9));
    }

    static Instant fromDecimal(BigDecimal seconds) {
        BigInteger[] secondsAndNanos = seconds.movePointRight(9).toBigIntegerExact()
                .divideAndRemainder(NANOS_PER_SECOND);
        return Instant.ofEpochSecond(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValue());
    }

    private static Instant getInstant(ResultSet rs, String column) throws SQLException {
        BigDecimal d = rs.getBigDecimal(column);
        return d == null ? null : fromDecimal(d);
    }

    /** Joins with commas, escaping commas and backslashes, so any reason a driver sets survives. */
    static String encodeReasons(Set<String> reasons) {
        StringBuilder sb = new StringBuilder();
        for (String reason : reasons) {
            if (sb.length() > 0) {
                sb.append(REASON_SEPARATOR);
            }
            for (int i = 0; i < reason.length(); i++) {
                char c = reason.charAt(i);
                if (c == REASON_SEPARATOR || c == ESCAPE) {
                    sb.append(ESCAPE);
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static Set<String> decodeReasons(String text) {
        Set<String> reasons = new LinkedHashSet<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ESCAPE && i + 1 < text.length()) {
                current.append(text.charAt(++i));
            } else if (c == REASON_SEPARATOR) {
                reasons.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0 || !reasons.isEmpty()) {
            reasons.add(current.toString());
        }
        return reasons;
    }
}
