package org.printhub.http;

/** A compressed body inflates to more than allowed, in total or relative to its compressed size. */
public class DecompressionLimitException extends RequestTooLargeException {
    private static final long serialVersionUID = 1L;

    /** Which limit was exceeded. */
    public enum Kind {
        /** The decompressed size; {@link #limit()} is in bytes. */
        SIZE,
        /** Decompressed bytes per compressed byte; {@link #limit()} is the ratio. */
        RATIO
    }

    private final Kind kind;

    public DecompressionLimitException(Kind kind, long limit) {
        super(kind == Kind.SIZE ? "the decompressed body exceeds " + limit + " bytes"
                : "the body expands more than " + limit + ":1 when decompressed", limit);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
