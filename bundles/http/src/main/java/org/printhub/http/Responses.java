package org.printhub.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.printhub.job.JobException;
import org.printhub.job.JobStorageException;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Writing whole responses. Every answer written here carries {@code Cache-Control: no-store}: API answers
 * hold job state and must not be cached. Nothing here writes a stack trace into a body.
 */
public final class Responses {
    /** {@code text/plain; charset=UTF-8}. */
    public static final String TEXT = "text/plain; charset=UTF-8";

    private static final String GENERIC = "internal server error";

    private Responses() {
    }

    /** Sets {@code Cache-Control: no-store}. */
    public static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }

    /**
     * Writes {@code body} as the whole response, replacing anything buffered but not yet sent.
     *
     * @param contentType e.g. {@link Json#CONTENT_TYPE}; the body is encoded as UTF-8
     * @throws IllegalStateException if the response was already committed
     */
    public static void write(HttpServletResponse response, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        noStore(response);
        if (contentType != null) {
            response.setContentType(contentType);
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }

    /** Writes plain UTF-8 text. */
    public static void text(HttpServletResponse response, int status, String text) throws IOException {
        write(response, status, TEXT, text);
    }

    /** Answers with a status and no body, e.g. 204. */
    public static void empty(HttpServletResponse response, int status) throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        noStore(response);
        response.setContentLength(0);
        response.flushBuffer();
    }

    /**
     * A one-line message about {@code error} that is safe to send a client: the message of a
     * {@link RequestException}, a {@link JobException} other than a storage failure, or an
     * {@link IllegalArgumentException}; a generic text for anything else, whose message may reveal
     * internals. Never a class name or a stack trace.
     */
    public static String clientMessage(Throwable error) {
        boolean safe = error instanceof RequestException || error instanceof IllegalArgumentException
                || (error instanceof JobException && !(error instanceof JobStorageException));
        String m = safe ? error.getMessage() : null;
        if (m == null || m.isBlank()) {
            return GENERIC;
        }
        int nl = m.indexOf('\n');
        m = (nl >= 0 ? m.substring(0, nl) : m).trim();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
