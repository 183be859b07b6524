package org.printhub.job;

/**
 * The command is not allowed in the job's current state (cancel a completed job, resume a job that is not
 * stopped). Surfaces answer with their conflict response, e.g. OctoPrint's 409.
 */
public class IllegalJobStateException extends JobException {
    private static final long serialVersionUID = 1L;

    private final long jobId;
    private final JobState state;
    private final JobOperation operation;

    public IllegalJobStateException(long jobId, JobState state, JobOperation operation) {
        super("cannot " + operation.name().toLowerCase().replace('_', ' ') + " job " + jobId + ": it is "
                + state.keyword());
        this.jobId = jobId;
        this.state = state;
        this.operation = operation;
    }

    public long jobId() {
        return jobId;
    }

    public JobState state() {
        return state;
    }

    public JobOperation operation() {
        return operation;
    }
}
