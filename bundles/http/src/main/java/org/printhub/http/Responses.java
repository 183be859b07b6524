package org.printhub.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.printhub.job.JobException;
import org.printhub.job.JobStorageException;

import jakarta.servlet.http.HttpServletRequest;
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
     * Reads and drops what is left of a refused request's body, up to {@code limit} bytes, so that a client still
     * sending gets to read the answer instead of a reset connection (and a kept-alive connection stays usable). A
     * larger or unknown remainder is not read: the response, if not yet committed, says {@code Connection: close}.
     * Best called before writing the error answer: once the answer is written it is committed, and
     * {@code Connection: close} can no longer be said for a remainder too large to read.
     */
    public static void discardUnreadBody(HttpServletRequest request, HttpServletResponse response, long limit) {
        long declared = request.getContentLengthLong();
        if (declared == 0 || (declared < 0 && request.getHeader("Transfer-Encoding") == null)) {
            return;
        }
        if (declared > limit || declared < 0) {
            closeConnection(response);
            return;
        }
        try {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            for (long total = 0; total <= limit;) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                total += n;
            }
            closeConnection(response);
        } catch (IOException | IllegalStateException e) {
            // read as a Reader already, or the client went away: nothing left worth keeping the connection for
            closeConnection(response);
        }
    }

    private static void closeConnection(HttpServletResponse response) {
        if (!response.isCommitted()) {
            response.setHeader("Connection", "close");
        }
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
