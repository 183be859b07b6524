package org.printhub.job;

import java.util.List;

/** One page of a {@link JobQuery}'s result. */
public final class JobPage {
    private final List<Job> jobs;
    private final long total;
    private final int offset;

    public JobPage(List<Job> jobs, long total, int offset) {
        this.jobs = List.copyOf(jobs);
        this.total = total;
        this.offset = offset;
    }

    public List<Job> jobs() {
        return jobs;
    }

    /** How many jobs match the query in all pages. */
    public long total() {
        return total;
    }

    public int offset() {
        return offset;
    }

    public boolean hasMore() {
        return offset + jobs.size() < total;
    }
}
