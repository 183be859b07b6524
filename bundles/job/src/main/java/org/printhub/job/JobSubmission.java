package org.printhub.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to create a job: where it prints, how, for whom, and its documents.
 */
public final class JobSubmission {
    private final String deviceId;
    private final JobTicket ticket;
    private final String name;
    private final String owner;
    private final String origin;
    private final String project;
    private final String account;
    private final boolean favourite;
    private final boolean hold;
    private final Instant holdUntil;
    private final List<DocumentSource> documents;

    private JobSubmission(Builder b) {
        this.deviceId = Objects.requireNonNull(b.deviceId, "deviceId");
        this.ticket = b.ticket;
        this.name = b.name;
        this.owner = b.owner;
        this.origin = b.origin;
        this.project = b.project;
        this.account = b.account;
        this.favourite = b.favourite;
        this.hold = b.hold;
        this.holdUntil = b.holdUntil;
        this.documents = List.copyOf(b.documents);
    }

    /** @param deviceId the device to print on; it must be registered when the job is submitted */
    public static Builder to(String deviceId) {
        return new Builder(deviceId);
    }

    public String deviceId() {
        return deviceId;
    }

    public JobTicket ticket() {
        return ticket;
    }

    /** The job name; the first document's name when none was given. */
    public String name() {
        if (name != null && !name.isBlank()) {
            return name;
        }
        return documents.isEmpty() ? "" : documents.get(0).name();
    }

    public String owner() {
        return owner;
    }

    public String origin() {
        return origin;
    }

    public String project() {
        return project;
    }

    public String account() {
        return account;
    }

    public boolean favourite() {
        return favourite;
    }

    /** Whether the job waits in {@link JobState#HELD} for an explicit release (pull printing, OctoPrint). */
    public boolean hold() {
        return hold || holdUntil != null;
    }

    /** When a held job releases itself, or {@code null} to wait for an explicit release. */
    public Instant holdUntil() {
        return holdUntil;
    }

    public List<DocumentSource> documents() {
        return documents;
    }

    public static final class Builder {
        private final String deviceId;
        private JobTicket ticket = JobTicket.defaults();
        private String name;
        private String owner = "";
        private String origin = "";
        private String project;
        private String account;
        private boolean favourite;
        private boolean hold;
        private Instant holdUntil;
        private final List<DocumentSource> documents = new ArrayList<>();

        private Builder(String deviceId) {
            this.deviceId = deviceId;
        }

        public Builder ticket(JobTicket ticket) {
            this.ticket = Objects.requireNonNull(ticket, "ticket");
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner == null ? "" : owner;
            return this;
        }

        /** @param origin the surface creating the job, e.g. {@code octoprint} */
        public Builder origin(String origin) {
            this.origin = origin == null ? "" : origin;
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

        public Builder hold(boolean hold) {
            this.hold = hold;
            return this;
        }

        public Builder holdUntil(Instant holdUntil) {
            this.holdUntil = holdUntil;
            return this;
        }

        public Builder document(DocumentSource document) {
            documents.add(Objects.requireNonNull(document, "document"));
            return this;
        }

        public JobSubmission build() {
            return new JobSubmission(this);
        }
    }
}
