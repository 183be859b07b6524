package org.printhub.job;

/**
 * A submission or command was refused for what it asked: an unknown device, an empty or unreadable
 * document, a format the device cannot take, a bad ticket value. Nothing was stored.
 */
public class JobRejectedException extends JobException {
    private static final long serialVersionUID = 1L;

    /** The device named does not exist. */
    public static final String UNKNOWN_DEVICE = "unknown-device";
    /** A document was empty, unreadable, or its stream failed. */
    public static final String BAD_DOCUMENT = "bad-document";
    /** The device cannot print the document's format. */
    public static final String UNSUPPORTED_FORMAT = "unsupported-document-format";
    /** A document was larger than allowed. */
    public static final String TOO_LARGE = "request-entity-too-large";
    /** A ticket or metadata value is out of range. */
    public static final String BAD_REQUEST = "bad-request";

    private final String reason;

    public JobRejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public JobRejectedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** One of the constants of this class. */
    public String reason() {
        return reason;
    }
}
