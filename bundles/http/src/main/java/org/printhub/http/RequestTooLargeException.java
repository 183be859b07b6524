package org.printhub.http;

/** The request body is larger than allowed. */
public class RequestTooLargeException extends RequestException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    public RequestTooLargeException(long limit) {
        this("the request body exceeds " + limit + " bytes", limit);
    }

    protected RequestTooLargeException(String message, long limit) {
        super(message);
        this.limit = limit;
    }

    /** The limit that was exceeded, in bytes (or, for a ratio, the ratio). */
    public long limit() {
        return limit;
    }

    @Override
    public int status() {
        return 413;
    }
}
