package org.printhub.job;

/**
 * Why a {@link JobService} call failed. Each subclass is something a surface answers in its own style:
 * not found, conflict, bad request, storage failure.
 */
public abstract class JobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected JobException(String message) {
        super(message);
    }

    protected JobException(String message, Throwable cause) {
        super(message, cause);
    }
}
