package org.printhub.api.cirrus.internal;

/**
 * A refusal in CirrusPrint's two styles: a request problem is an HTTP 4xx with the message as the body; anything
 * else is HTTP 200 with a body {@code Error: <message>}, which CirrusPrint clients test for.
 */
final class CirrusError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** 200 means "answer {@code Error: message}". */
    private final int status;

    private CirrusError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** A structural problem with the request: missing parameter, bad credentials, wrong method. */
    static CirrusError request(int status, String message) {
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("not a 4xx status: " + status);
        }
        return new CirrusError(status, message);
    }

    static CirrusError badRequest(String message) {
        return request(400, message);
    }

    /** Everything else: unknown target, missing file, bad props. Answered as 200 {@code Error: message}. */
    static CirrusError failure(String message) {
        return new CirrusError(200, message);
    }

    int status() {
        return status;
    }

    boolean isFailure() {
        return status == 200;
    }
}
