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
    MOVE
}
