package org.printhub.device;

/**
 * A device failed a job. {@link #reason()} is an IPP {@code printer-state-reasons} or
 * {@code job-state-reasons} keyword ({@code media-empty}, {@code media-jam}, {@code offline-report},
 * {@code document-format-error}, ...); the message is for people.
 */
public class DeviceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final boolean retryable;

    public DeviceException(String reason, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryable = retryable;
    }

    /** The job stops and is retried with back-off: paper out, jam, offline, busy, connection lost. */
    public static DeviceException retryable(String reason, String message) {
        return new DeviceException(reason, message, true, null);
    }

    /** As {@link #retryable(String, String)}, keeping the cause. */
    public static DeviceException retryable(String reason, String message, Throwable cause) {
        return new DeviceException(reason, message, true, cause);
    }

    /** The job is aborted: retrying cannot help (a document the printer rejects). */
    public static DeviceException fatal(String reason, String message) {
        return new DeviceException(reason, message, false, null);
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }
}
