package org.printhub.http;

import java.io.IOException;

/**
 * A request the server refuses for what the client sent. The message is short, human and safe to show a
 * client; a surface maps the subtype (or {@link #status()}) to its own error answer.
 */
public abstract class RequestException extends IOException {
    private static final long serialVersionUID = 1L;

    protected RequestException(String message) {
        super(message);
    }

    protected RequestException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status a plain answer would use: 400 or 413. */
    public abstract int status();
}
