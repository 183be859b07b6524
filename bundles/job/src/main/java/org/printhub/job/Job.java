package org.printhub.job;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of a job. Obtain it from {@link JobService}; a newer snapshot of the same job has a
 * higher {@link #revision()}.
 */
public final class Job {
    /** Returned by {@link #pageCount()} and {@link #colorPageCount()} while the count is unknown. */
    public static final int UNKNOWN = -1;

    private final long id;
    private final String token;
    private final long revision;
    private final String name;
    private final String owner;
    private final String origin;
    private final String project;
    private final String account;
    private final boolean favourite;
    private final String deviceId;
    private final JobState state;
    private final Set<String> stateReasons;
    private final String stateMessage;
    private final JobTicket ticket;
    private final List<DocumentInfo> documents;
    private final int pageCount;
    private final int colorPageCount;
    private final int pagesCompleted;
    private final BigDecimal cost;
    private final Instant createdAt;
    private final Instant processingAt;
    private final Instant completedAt;
    private final Instant updatedAt;
    private final Instant holdUntil;
    private final int attempts;

    private Job(Builder b) {
        this.id = b.id;
        this.token = Objects.requireNonNull(b.token, "token");
        this.revision = b.revision;
        this.name = b.name == null ? "" : b.name;
        this.owner = b.owner == null ? "" : b.owner;
        this.origin = b.origin == null ? "" : b.origin;
        this.project = b.project;
        this.account = b.account;
        this.favourite = b.favourite;
        this.deviceId = Objects.requireNonNull(b.deviceId, "deviceId");
        this.state = Objects.requireNonNull(b.state, "state");
        this.stateReasons = Collections.unmodifiableSet(new LinkedHashSet<>(b.stateReasons));
        this.stateMessage = b.stateMessage == null ? "" : b.stateMessage;
        this.ticket = Objects.requireNonNull(b.ticket, "ticket");
        this.documents = List.copyOf(b.documents);
        this.pageCount = b.pageCount;
        this.colorPageCount = b.colorPageCount;
        this.pagesCompleted = b.pagesCompleted;
        this.cost = b.cost;
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.processingAt = b.processingAt;
        this.completedAt = b.completedAt;
        this.updatedAt = b.updatedAt == null ? b.createdAt : b.updatedAt;
        this.holdUntil = b.holdUntil;
        this.attempts = b.attempts;
    }

    /** For the job service and stores, which build snapshots; surfaces only read them. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The numeric id: monotonic, never reused. What MyQ, CirrusPrint and IPP show. */
    public long id() {
        return id;
    }

    /** 128-bit random, 32 lower-case hex digits: unguessable, for unauthenticated lookups (ScriptX). */
    public String token() {
        return token;
    }

    /** Increases with every stored change of this job. */
    public long revision() {
        return revision;
    }

    /** IPP {@code job-name}; never null. */
    public String name() {
        return name;
    }

    /** The user the job belongs to; never null, empty when anonymous. */
    public String owner() {
        return owner;
    }

    /** The surface that created the job, e.g. {@code scriptx}, {@code shell}; never null. */
    public String origin() {
        return origin;
    }

    public Optional<String> project() {
        return Optional.ofNullable(project);
    }

    public Optional<String> account() {
        return Optional.ofNullable(account);
    }

    public boolean favourite() {
        return favourite;
    }

    /** The device the job prints on, which need not be registered right now. */
    public String deviceId() {
        return deviceId;
    }

    public JobState state() {
        return state;
    }

    /** IPP {@code job-state-reasons}, most significant first; never empty ({@code none} at least). */
    public Set<String> stateReasons() {
        return stateReasons;
    }

    /** IPP {@code job-state-message}: a human-readable line, possibly empty. */
    public String stateMessage() {
        return stateMessage;
    }

    public JobTicket ticket() {
        return ticket;
    }

    public List<DocumentInfo> documents() {
        return documents;
    }

    /** The total size of the job's documents in bytes. */
    public long size() {
        long total = 0;
        for (DocumentInfo d : documents) {
            total += d.size();
        }
        return total;
    }

    /** Pages in the job's documents (one copy), or {@link #UNKNOWN}. */
    public int pageCount() {
        return pageCount;
    }

    /** Pages with colour on them (one copy), or {@link #UNKNOWN}. */
    public int colorPageCount() {
        return colorPageCount;
    }

    /** Pages the device has reported as printed in the current or last attempt. */
    public int pagesCompleted() {
        return pagesCompleted;
    }

    public Optional<BigDecimal> cost() {
        return Optional.ofNullable(cost);
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** When printing last started. */
    public Optional<Instant> processingAt() {
        return Optional.ofNullable(processingAt);
    }

    /** When the job reached a terminal state. */
    public Optional<Instant> completedAt() {
        return Optional.ofNullable(completedAt);
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** A held job with this set is released by the job service at that instant. */
    public Optional<Instant> holdUntil() {
        return Optional.ofNullable(holdUntil);
    }

    /** How many times the job was handed to a device. */
    public int attempts() {
        return attempts;
    }

    /**
     * Whether the job is back in the queue after a print of it was cut short, by a server restart or by its device
     * going away mid-job: it would print again from its start.
     */
    public boolean interrupted() {
        return state == JobState.PENDING && attempts > 0 && (hasReason(JobStateReasons.JOB_RESTARTABLE)
                || hasReason(JobStateReasons.PRINTER_UNAVAILABLE));
    }

    public boolean hasReason(String reason) {
        return stateReasons.contains(reason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Job && ((Job) o).id == id && ((Job) o).revision == revision;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Long.hashCode(revision);
    }

    @Override
    public String toString() {
        return "job " + id + " [" + state.keyword() + " " + String.join(",", stateReasons) + "] on " + deviceId
                + " '" + name + "'";
    }

    /** Builds snapshots; used by the job service and stores. */
    public static final class Builder {
        private long id;
        private String token;
        private long revision;
        private String name;
        private String owner;
        private String origin;
        private String project;
        private String account;
        private boolean favourite;
        private String deviceId;
        private JobState state = JobState.PENDING;
        private Set<String> stateReasons = new LinkedHashSet<>();
        private String stateMessage;
        private JobTicket ticket = JobTicket.defaults();
        private List<DocumentInfo> documents = List.of();
        private int pageCount = UNKNOWN;
        private int colorPageCount = UNKNOWN;
        private int pagesCompleted;
        private BigDecimal cost;
        private Instant createdAt;
        private Instant processingAt;
        private Instant completedAt;
        private Instant updatedAt;
        private Instant holdUntil;
        private int attempts;

        private Builder() {
        }

        private Builder(Job j) {
            id = j.id;
            token = j.token;
            revision = j.revision;
            name = j.name;
            owner = j.owner;
            origin = j.origin;
            project = j.project;
            account = j.account;
            favourite = j.favourite;
            deviceId = j.deviceId;
            state = j.state;
            stateReasons = new LinkedHashSet<>(j.stateReasons);
            stateMessage = j.stateMessage;
            ticket = j.ticket;
            documents = j.documents;
            pageCount = j.pageCount;
            colorPageCount = j.colorPageCount;
            pagesCompleted = j.pagesCompleted;
            cost = j.cost;
            createdAt = j.createdAt;
            processingAt = j.processingAt;
            completedAt = j.completedAt;
            updatedAt = j.updatedAt;
            holdUntil = j.holdUntil;
            attempts = j.attempts;
        }

        public Builder id(long id) {
            this.id = id;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder revision(long revision) {
            this.revision = revision;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        public Builder project(String project) {
            this.project = project;
            return this;
        }

        public Builder account(String account) {
            this.account = account;
            return this;
        }

        public Builder favourite(boolean favourite) {
            this.favourite = favourite;
            return this;
        }

        public Builder deviceId(String deviceId) {
            this.deviceId = deviceId;
            return this;
        }

        /** Sets the state with its reasons, replacing the previous reasons. */
        public Builder state(JobState state, String... reasons) {
            this.state = state;
            this.stateReasons = new LinkedHashSet<>(List.of(reasons));
            if (stateReasons.isEmpty()) {
                stateReasons.add(JobStateReasons.NONE);
            }
            return this;
        }

        public Builder stateReasons(Set<String> reasons) {
            this.stateReasons = new LinkedHashSet<>(reasons);
            if (stateReasons.isEmpty()) {
                stateReasons.add(JobStateReasons.NONE);
            }
            return this;
        }

        public Builder stateMessage(String stateMessage) {
            this.stateMessage = stateMessage;
            return this;
        }

        public Builder ticket(JobTicket ticket) {
            this.ticket = ticket;
            return this;
        }

        public Builder documents(List<DocumentInfo> documents) {
            this.documents = documents;
            return this;
        }

        public Builder pageCount(int pageCount) {
            this.pageCount = pageCount;
            return this;
        }

        public Builder colorPageCount(int colorPageCount) {
            this.colorPageCount = colorPageCount;
            return this;
        }

        public Builder pagesCompleted(int pagesCompleted) {
            this.pagesCompleted = pagesCompleted;
            return this;
        }

        public Builder cost(BigDecimal cost) {
            this.cost = cost;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder processingAt(Instant processingAt) {
            this.processingAt = processingAt;
            return this;
        }

        public Builder completedAt(Instant completedAt) {
            this.completedAt = completedAt;
            return this;
        }

        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        public Builder holdUntil(Instant holdUntil) {
            this.holdUntil = holdUntil;
            return this;
        }

        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        public Job build() {
            if (stateReasons.isEmpty()) {
                stateReasons.add(JobStateReasons.NONE);
            }
            return new Job(this);
        }
    }
}
