package org.printhub.job;

/** The commands a client can give a job; named in {@link IllegalJobStateException}. */
public enum JobOperation {
    HOLD,
    RELEASE,
    CANCEL,
    SUSPEND,
    RESUME,
    RESTART,
    SET_PRIORITY,
    MOVE,
    /** Changing the ticket: only before the job starts printing. */
    UPDATE_TICKET,
    /** Removing a job: only once it has ended. */
    DELETE
}
