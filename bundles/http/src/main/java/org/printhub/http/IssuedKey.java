package org.printhub.http;

import java.util.Objects;

/**
 * A key just created, with its secret. The secret exists only here: show it to the user once and drop it.
 * {@link #toString()} never contains it.
 */
public final class IssuedKey {
    private final ApiKey key;
    private final String secret;

    public IssuedKey(ApiKey key, String secret) {
        this.key = Objects.requireNonNull(key, "key");
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    public ApiKey key() {
        return key;
    }

    /** The secret a client presents; it cannot be recovered later. */
    public String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return key + " (secret not shown)";
    }
}
