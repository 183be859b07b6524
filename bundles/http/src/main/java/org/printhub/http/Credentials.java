package org.printhub.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where clients put credentials. Each method only extracts; checking them is {@link ApiKeys}'s job. Every
 * method gives empty, never an exception, for a missing or malformed value.
 */
public final class Credentials {
    private Credentials() {
    }

    /** {@code Authorization: Basic base64(user:password)}. */
    public static Optional<BasicCredentials> basic(HttpServletRequest request) {
        return parseBasic(request.getHeader("Authorization"));
    }

    /**
     * Parses an {@code Authorization} header value of the Basic scheme (any case). The decoded text is read
     * as UTF-8; padding may be missing; without a {@code :} it is all user name, with an empty password.
     */
    public static Optional<BasicCredentials> parseBasic(String authorization) {
        Optional<String> token = schemeToken(authorization, "Basic");
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String encoded = token.get();
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(pad(encoded));
        } catch (IllegalArgumentException e) {
            try {
                decoded = Base64.getUrlDecoder().decode(pad(encoded));
            } catch (IllegalArgumentException e2) {
                return Optional.empty();
            }
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        return Optional.of(colon < 0 ? new BasicCredentials(text, "")
                : new BasicCredentials(text.substring(0, colon), text.substring(colon + 1)));
    }

    /** {@code Authorization: Bearer <token>}. */
    public static Optional<String> bearer(HttpServletRequest request) {
        return schemeToken(request.getHeader("Authorization"), "Bearer");
    }

    /** A header's value, trimmed; empty if missing or blank. */
    public static Optional<String> header(HttpServletRequest request, String name) {
        return nonBlank(request.getHeader(name));
    }

    /**
     * A parameter of the query string, decoded; empty if missing or blank. Reads only the query string:
     * {@link HttpServletRequest#getParameter} would also read (and consume) a form body.
     */
    public static Optional<String> queryParameter(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                    return eq < 0 ? Optional.empty()
                            : nonBlank(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException e) {
                // a malformed %-escape: not this parameter
            }
        }
        return Optional.empty();
    }

    private static Optional<String> schemeToken(String authorization, String scheme) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.trim();
        if (value.length() <= scheme.length() || !value.regionMatches(true, 0, scheme, 0, scheme.length())
                || !Character.isWhitespace(value.charAt(scheme.length()))) {
            return Optional.empty();
        }
        return nonBlank(value.substring(scheme.length()));
    }

    private static String pad(String base64) {
        int rest = base64.length() % 4;
        return rest == 2 ? base64 + "==" : rest == 3 ? base64 + "=" : base64;
    }

    private static Optional<String> nonBlank(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }
}
