package org.printhub.job;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which jobs to list, and which page of them. Every criterion is optional; they combine with AND.
 * Results are ordered by id, newest first unless {@link Builder#oldestFirst()}.
 */
public final class JobQuery {
    /** The largest page a query returns. */
    public static final int MAX_LIMIT = 1000;

    private final Set<JobState> states;
    private final String owner;
    private final String deviceId;
    private final String origin;
    private final Instant createdFrom;
    private final Instant createdBefore;
    private final Boolean favourite;
    private final int offset;
    private final int limit;
    private final boolean newestFirst;

    private JobQuery(Builder b) {
        this.states = b.states.isEmpty() ? Set.of() : Set.copyOf(b.states);
        this.owner = b.owner;
        this.deviceId = b.deviceId;
        this.origin = b.origin;
        this.createdFrom = b.createdFrom;
        this.createdBefore = b.createdBefore;
        this.favourite = b.favourite;
        this.offset = b.offset;
        this.limit = b.limit;
        this.newestFirst = b.newestFirst;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every job, newest first, first page. */
    public static JobQuery all() {
        return builder().build();
    }

    /** Empty means any state. */
    public Set<JobState> states() {
        return states;
    }

    public Optional<String> owner() {
        return Optional.ofNullable(owner);
    }

    public Optional<String> deviceId() {
        return Optional.ofNullable(deviceId);
    }

    public Optional<String> origin() {
        return Optional.ofNullable(origin);
    }

    /** Inclusive. */
    public Optional<Instant> createdFrom() {
        return Optional.ofNullable(createdFrom);
    }

    /** Exclusive. */
    public Optional<Instant> createdBefore() {
        return Optional.ofNullable(createdBefore);
    }

    public Optional<Boolean> favourite() {
        return Optional.ofNullable(favourite);
    }

    public int offset() {
        return offset;
    }

    public int limit() {
        return limit;
    }

    public boolean newestFirst() {
        return newestFirst;
    }

    public static final class Builder {
        private final Set<JobState> states = EnumSet.noneOf(JobState.class);
        private String owner;
        private String deviceId;
        private String origin;
        private Instant createdFrom;
        private Instant createdBefore;
        private Boolean favourite;
        private int offset;
        private int limit = 100;
        private boolean newestFirst = true;

        private Builder() {
        }

        public Builder state(JobState... states) {
            this.states.addAll(Set.of(states));
            return this;
        }

        public Builder states(Set<JobState> states) {
            this.states.addAll(states);
            return this;
        }

        /** Jobs that are not canceled, aborted or completed. */
        public Builder active() {
            for (JobState s : JobState.values()) {
                if (s.isActive()) {
                    states.add(s);
                }
            }
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder deviceId(String deviceId) {
            this.deviceId = deviceId;
            return this;
        }

        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        public Builder createdFrom(Instant createdFrom) {
            this.createdFrom = createdFrom;
            return this;
        }

        public Builder createdBefore(Instant createdBefore) {
            this.createdBefore = createdBefore;
            return this;
        }

        public Builder favourite(Boolean favourite) {
            this.favourite = favourite;
            return this;
        }

        /** @throws IllegalArgumentException if negative */
        public Builder offset(int offset) {
            if (offset < 0) {
                throw new IllegalArgumentException("offset must not be negative");
            }
            this.offset = offset;
            return this;
        }

        /** @throws IllegalArgumentException unless 1 to {@link #MAX_LIMIT} */
        public Builder limit(int limit) {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
            }
            this.limit = limit;
            return this;
        }

        public Builder oldestFirst() {
            this.newestFirst = false;
            return this;
        }

        public JobQuery build() {
            return new JobQuery(this);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JobQuery)) {
            return false;
        }
        JobQuery q = (JobQuery) o;
        return states.equals(q.states) && Objects.equals(owner, q.owner) && Objects.equals(deviceId, q.deviceId)
                && Objects.equals(origin, q.origin) && Objects.equals(createdFrom, q.createdFrom)
                && Objects.equals(createdBefore, q.createdBefore) && Objects.equals(favourite, q.favourite)
                && offset == q.offset && limit == q.limit && newestFirst == q.newestFirst;
    }

    @Override
    public int hashCode() {
        return Objects.hash(states, owner, deviceId, origin, createdFrom, createdBefore, favourite, offset, limit,
                newestFirst);
    }
}
