package org.printhub.http;

import java.util.Objects;

/**
 * A user name and password from HTTP Basic authentication. Either may be a secret (ScriptX sends its key as
 * the user name), so {@link #toString()} shows neither.
 */
public final class BasicCredentials {
    private final String user;
    private final String password;

    public BasicCredentials(String user, String password) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
    }

    /** Never null; empty when the client sent none. */
    public String user() {
        return user;
    }

    /** Never null; empty when the client sent none or no {@code :}. */
    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return "basic credentials (hidden)";
    }
}
