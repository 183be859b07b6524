package org.printhub.http;

/** The request body cannot be understood: malformed JSON, missing content, a bad value. */
public class BadRequestException extends RequestException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message);
    }

    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 400;
    }
}
