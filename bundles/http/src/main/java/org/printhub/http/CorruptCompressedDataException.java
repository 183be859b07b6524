package org.printhub.http;

/** A compressed body is truncated, corrupt, or not in the format it claims. */
public class CorruptCompressedDataException extends BadRequestException {
    private static final long serialVersionUID = 1L;

    public CorruptCompressedDataException(String message) {
        super(message);
    }

    public CorruptCompressedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
