package org.printhub.http;

import java.util.Locale;
import java.util.Optional;

/** How a request body is compressed. */
public enum Compression {
    NONE,
    /** RFC 1950: what HTTP calls {@code deflate}, CirrusPrint {@code cmp=1}. */
    ZLIB,
    /** RFC 1952, one or more members: CirrusPrint {@code cmp=2}. */
    GZIP,
    /** RFC 1951 without any wrapper. */
    DEFLATE;

    /**
     * The compression an HTTP {@code Content-Encoding} names: none for a missing header or
     * {@code identity}, {@link #GZIP} for {@code gzip}/{@code x-gzip}, {@link #ZLIB} for {@code deflate}.
     *
     * @return empty for an encoding not supported, which HTTP answers with 415
     */
    public static Optional<Compression> fromContentEncoding(String contentEncoding) {
        if (contentEncoding == null) {
            return Optional.of(NONE);
        }
        switch (contentEncoding.trim().toLowerCase(Locale.ROOT)) {
            case "":
            case "identity":
                return Optional.of(NONE);
            case "gzip":
            case "x-gzip":
                return Optional.of(GZIP);
            case "deflate":
                return Optional.of(ZLIB);
            default:
                return Optional.empty();
        }
    }
}
