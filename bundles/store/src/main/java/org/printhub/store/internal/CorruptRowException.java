package org.printhub.store.internal;

/** A stored job that cannot be read back into a {@link org.printhub.job.Job}. */
final class CorruptRowException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long jobId;

    CorruptRowException(long jobId, Throwable cause) {
        super("job " + jobId + " is stored corrupt: " + cause.getMessage(), cause);
        this.jobId = jobId;
    }

    long jobId() {
        return jobId;
    }
}
