package org.printhub.device.ipp.internal.transport;

import java.io.IOException;

/** An IPP exchange that brought back no usable response, and why. */
public final class IppTransportException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure, so the caller can name it to people and decide whether to retry. */
    public enum Failure {
        /** The host name does not resolve. */
        UNKNOWN_HOST,
        /** Nothing accepted the connection: refused, unreachable, or the connect timed out. */
        CONNECT,
        /** Connected, but the peer went silent for longer than the idle timeout. */
        TIMEOUT,
        /** The connection broke: reset, closed early. */
        CONNECTION_LOST,
        /** The TLS handshake failed, e.g. an untrusted certificate. */
        TLS,
        /** The HTTP answer was not 200. */
        HTTP_STATUS,
        /** The answer was not a well-formed IPP response, or was larger than allowed. */
        MALFORMED,
        /** The document could not be read from the spool. */
        DOCUMENT
    }

    private final Failure failure;
    private final int httpStatus;

    public IppTransportException(Failure failure, String message, Throwable cause) {
        this(failure, 0, message, cause);
    }

    public IppTransportException(Failure failure, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of a {@link Failure#HTTP_STATUS} failure, else 0. */
    public int httpStatus() {
        return httpStatus;
    }

    public Failure failure() {
        return failure;
    }
}
