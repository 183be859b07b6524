package org.printhub.job.internal;

import static org.printhub.job.JobState.ABORTED;
import static org.printhub.job.JobState.CANCELED;
import static org.printhub.job.JobState.COMPLETED;
import static org.printhub.job.JobState.HELD;
import static org.printhub.job.JobState.PENDING;
import static org.printhub.job.JobState.PROCESSING;
import static org.printhub.job.JobState.STOPPED;

import java.util.EnumSet;
import java.util.Set;

import org.printhub.job.IllegalJobStateException;
import org.printhub.job.Job;
import org.printhub.job.JobOperation;
import org.printhub.job.JobState;

/**
 * The job-state transition table: every change of a job's state is one of these, and is allowed only from
 * the states listed. Client commands carry their {@link JobOperation}; the rest are the dispatcher's.
 */
enum Transition {
    HOLD(JobOperation.HOLD, HELD, PENDING, HELD),
    RELEASE(JobOperation.RELEASE, PENDING, HELD),
    CANCEL(JobOperation.CANCEL, CANCELED, PENDING, HELD, PROCESSING, STOPPED),
    SUSPEND(JobOperation.SUSPEND, STOPPED, PROCESSING),
    RESUME(JobOperation.RESUME, PROCESSING, STOPPED),
    RESTART(JobOperation.RESTART, PENDING, CANCELED, ABORTED, COMPLETED),
    SET_PRIORITY(JobOperation.SET_PRIORITY, null, PENDING, HELD, STOPPED),
    /** Keeps the state; the job service puts a stopped job back to pending on its new device. */
    MOVE(JobOperation.MOVE, null, PENDING, HELD, STOPPED),
    UPDATE_TICKET(JobOperation.UPDATE_TICKET, null, PENDING, HELD),
    /** Not a change of state: the job leaves the store. */
    DELETE(JobOperation.DELETE, null, CANCELED, ABORTED, COMPLETED),
    /** Metadata and facts (name, owner, project, page counts, cost) may change in any state. */
    AMEND(null, null, PENDING, HELD, PROCESSING, STOPPED, CANCELED, ABORTED, COMPLETED),

    HOLD_EXPIRED(null, PENDING, HELD),
    DISPATCH(null, PROCESSING, PENDING),
    /** A driver may finish a job whose suspension it never reached a checkpoint for. */
    COMPLETE(null, COMPLETED, PROCESSING, STOPPED),
    DEVICE_ERROR(null, STOPPED, PROCESSING, STOPPED),
    RETRY(null, PROCESSING, STOPPED),
    ABORT(null, ABORTED, PROCESSING, STOPPED),
    /** Device gone, or recovery after a crash: the job waits to print again from the start. */
    REQUEUE(null, PENDING, PROCESSING, STOPPED),
    PROGRESS(null, null, PROCESSING, STOPPED);

    private final JobOperation operation;
    private final JobState target;
    private final Set<JobState> from;

    Transition(JobOperation operation, JobState target, JobState first, JobState... rest) {
        this.operation = operation;
        this.target = target;
        this.from = EnumSet.of(first, rest);
    }

    boolean allowedFrom(JobState state) {
        return from.contains(state);
    }

    /**
     * The state a job is in after this transition.
     *
     * @throws IllegalJobStateException for a client command the job's state does not allow
     * @throws IllegalStateException for a dispatcher transition that does not apply (a lost race)
     */
    JobState apply(Job job) {
        if (!allowedFrom(job.state())) {
            if (operation != null) {
                throw new IllegalJobStateException(job.id(), job.state(), operation);
            }
            throw new IllegalStateException(name() + " does not apply to " + job);
        }
        return target == null ? job.state() : target;
    }

    boolean isCommand() {
        return operation != null;
    }
}
