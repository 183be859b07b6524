package org.printhub.job;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Changes to a job's metadata, facts or ticket, for {@link JobService#update(long, JobUpdate)}. Only what is set
 * on the builder changes; immutable.
 */
public final class JobUpdate {
    /** The longest name, owner, project or account a job keeps. */
    public static final int MAX_TEXT = 255;

    private final String name;
    private final String owner;
    private final boolean projectSet;
    private final String project;
    private final boolean accountSet;
    private final String account;
    private final Boolean favourite;
    private final JobTicket ticket;
    private final Integer pageCount;
    private final Integer colorPageCount;
    private final boolean costSet;
    private final BigDecimal cost;

    private JobUpdate(Builder b) {
        this.name = b.name;
        this.owner = b.owner;
        this.projectSet = b.projectSet;
        this.project = b.project;
        this.accountSet = b.accountSet;
        this.account = b.account;
        this.favourite = b.favourite;
        this.ticket = b.ticket;
        this.pageCount = b.pageCount;
        this.colorPageCount = b.colorPageCount;
        this.costSet = b.costSet;
        this.cost = b.cost;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether this update replaces the ticket (allowed only before printing starts). */
    public boolean changesTicket() {
        return ticket != null;
    }

    /** Nothing set: applying it changes nothing. */
    public boolean isEmpty() {
        return name == null && owner == null && !projectSet && !accountSet && favourite == null && ticket == null
                && pageCount == null && colorPageCount == null && !costSet;
    }

    /** {@code job} with these changes; its state, id and revision are kept. */
    public Job applyTo(Job job) {
        return applyTo(job.toBuilder()).build();
    }

    /** Sets these changes on {@code b}; returns it. */
    public Job.Builder applyTo(Job.Builder b) {
        if (name != null) {
            b.name(name);
        }
        if (owner != null) {
            b.owner(owner);
        }
        if (projectSet) {
            b.project(project);
        }
        if (accountSet) {
            b.account(account);
        }
        if (favourite != null) {
            b.favourite(favourite);
        }
        if (ticket != null) {
            b.ticket(ticket);
        }
        if (pageCount != null) {
            b.pageCount(pageCount);
        }
        if (colorPageCount != null) {
            b.colorPageCount(colorPageCount);
        }
        if (costSet) {
            b.cost(cost);
        }
        return b;
    }

    public static final class Builder {
        private String name;
        private String owner;
        private boolean projectSet;
        private String project;
        private boolean accountSet;
        private String account;
        private Boolean favourite;
        private JobTicket ticket;
        private Integer pageCount;
        private Integer colorPageCount;
        private boolean costSet;
        private BigDecimal cost;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = text("name", Objects.requireNonNull(name, "name"));
            return this;
        }

        public Builder owner(String owner) {
            this.owner = text("owner", Objects.requireNonNull(owner, "owner"));
            return this;
        }

        /** @param project the new project, or null to unset it */
        public Builder project(String project) {
            this.projectSet = true;
            this.project = project == null || project.isEmpty() ? null : text("project", project);
            return this;
        }

        /** @param account the new account, or null to unset it */
        public Builder account(String account) {
            this.accountSet = true;
            this.account = account == null || account.isEmpty() ? null : text("account", account);
            return this;
        }

        public Builder favourite(boolean favourite) {
            this.favourite = favourite;
            return this;
        }

        public Builder ticket(JobTicket ticket) {
            this.ticket = Objects.requireNonNull(ticket, "ticket");
            return this;
        }

        public Builder pageCount(int pageCount) {
            if (pageCount < 0) {
                throw new IllegalArgumentException("pageCount < 0");
            }
            this.pageCount = pageCount;
            return this;
        }

        public Builder colorPageCount(int colorPageCount) {
            if (colorPageCount < 0) {
                throw new IllegalArgumentException("colorPageCount < 0");
            }
            this.colorPageCount = colorPageCount;
            return this;
        }

        /** @param cost the job's price, or null to unset it */
        public Builder cost(BigDecimal cost) {
            this.costSet = true;
            this.cost = cost;
            return this;
        }

        public JobUpdate build() {
            return new JobUpdate(this);
        }

        private static String text(String what, String value) {
            if (value.length() > MAX_TEXT) {
                throw new IllegalArgumentException(what + " is longer than " + MAX_TEXT + " characters");
            }
            return value;
        }
    }
}
