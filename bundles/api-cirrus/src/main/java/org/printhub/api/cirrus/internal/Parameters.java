package org.printhub.api.cirrus.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A request's parameters, from the query string and, for a POST, an {@code application/x-www-form-urlencoded} body.
 * A PUT's body is a document, so only its query string counts. Names match without regard to case (CirrusPrint
 * documents {@code compid} and {@code CompID} alike); the first value of a name wins.
 */
final class Parameters {
    static final int MAX_QUERY = 64 * 1024;

    private final Map<String, String> values;

    private Parameters(Map<String, String> values) {
        this.values = values;
    }

    static Parameters of(HttpServletRequest request) {
        if ("POST".equals(request.getMethod())) {
            Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            try {
                request.getParameterMap().forEach((name, v) -> {
                    if (v.length > 0) {
                        values.putIfAbsent(name, v[0]);
                    }
                });
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw CirrusError.badRequest("malformed form body");
            }
            return new Parameters(values);
        }
        return parseQuery(request.getQueryString());
    }

    /** @throws CirrusError 400 for a malformed %-escape or a query string over {@value #MAX_QUERY} characters */
    static Parameters parseQuery(String query) {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (query == null || query.isEmpty()) {
            return new Parameters(values);
        }
        if (query.length() > MAX_QUERY) {
            throw CirrusError.request(414, "the query string is longer than " + MAX_QUERY + " characters");
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw CirrusError.badRequest("malformed query string near '" + Texts.clip(pair) + "'");
            }
        }
        return new Parameters(values);
    }

    /** The value, trimmed; empty when missing or blank. */
    Optional<String> get(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** The value as sent, untrimmed (props keep their line structure); empty when missing. */
    Optional<String> raw(String name) {
        return Optional.ofNullable(values.get(name));
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** @throws CirrusError 400 naming the missing parameter */
    String require(String name) {
        return get(name).orElseThrow(() -> CirrusError.badRequest("missing parameter: " + name));
    }

    /** A 0/1 flag. @throws CirrusError a failure for another value */
    Optional<Boolean> flag(String name) {
        return get(name).map(v -> {
            switch (v.toLowerCase(Locale.ROOT)) {
                case "0":
                case "false":
                    return false;
                case "1":
                case "true":
                    return true;
                default:
                    throw CirrusError.failure(name + " must be 0 or 1, not '" + Texts.clip(v) + "'");
            }
        });
    }

    /** A whole number from {@code min} to {@code max}. @throws CirrusError a failure otherwise */
    Optional<Integer> integer(String name, int min, int max) {
        return get(name).map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw CirrusError.failure(name + " must be " + min + " to " + max + ", not '" + Texts.clip(v) + "'");
        });
    }
}
