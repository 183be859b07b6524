package org.printhub.api.myq.internal;

import java.util.Map;

/**
 * An answer in MyQ's error style: an HTTP status and an OAuth-style body
 * {@code {"error": "...", "error_description": "..."}}.
 */
final class MyqException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String error;
    final Map<String, String> headers;

    MyqException(int status, String error, String description) {
        this(status, error, description, Map.of());
    }

    MyqException(int status, String error, String description, Map<String, String> headers) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.headers = headers;
    }

    static MyqException badRequest(String description) {
        return new MyqException(400, "invalid_request", description);
    }

    static MyqException notFound(String description) {
        return new MyqException(404, "not_found", description);
    }

    static MyqException conflict(String description) {
        return new MyqException(409, "conflict", description);
    }

    static MyqException unauthorized(String description) {
        return new MyqException(401, "invalid_token", description,
                Map.of("WWW-Authenticate", "Bearer realm=\"myq\", error=\"invalid_token\""));
    }

    static MyqException insufficientScope(String scopes) {
        return new MyqException(403, "insufficient_scope", "this call needs the scope " + scopes,
                Map.of("WWW-Authenticate", "Bearer realm=\"myq\", error=\"insufficient_scope\", scope=\"" + scopes
                        + "\""));
    }

    Map<String, Object> body() {
        return Map.of("error", error, "error_description", getMessage() == null ? error : getMessage());
    }
}
