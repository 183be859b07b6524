package org.printhub.api.octoprint.internal;

/** An answer OctoPrint gives as {@code {"error": "..."}} with a status, or as plain text where OctoPrint does. */
final class OctoError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final boolean plainText;

    private OctoError(int status, String message, boolean plainText) {
        super(message, null, false, false);
        this.status = status;
        this.plainText = plainText;
    }

    static OctoError of(int status, String message) {
        return new OctoError(status, message, false);
    }

    static OctoError text(int status, String message) {
        return new OctoError(status, message, true);
    }

    static OctoError forbidden() {
        return of(403, "You don't have the permission to access the requested resource. It is either "
                + "read-protected or not readable by the server.");
    }

    static OctoError notFound() {
        return of(404, "The requested URL was not found on the server. If you entered the URL manually please "
                + "check your spelling and try again.");
    }
}
