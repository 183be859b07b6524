package org.printhub.job;

/**
 * The job could not be stored: the spool disk is full, the database failed. Nothing was accepted; the
 * client may try again later. Surfaces answer with their server-error response.
 */
public class JobStorageException extends JobException {
    private static final long serialVersionUID = 1L;

    public JobStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
