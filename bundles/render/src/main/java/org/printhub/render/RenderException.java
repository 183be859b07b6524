package org.printhub.render;

/** A document could not be turned into what was asked; the message is one line fit for a user. */
public class RenderException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why rendering failed. */
    public enum Reason {
        /** The document or one of its parts could not be fetched, or the network rules refused it. */
        FETCH_FAILED,
        /** The renderer took longer than its timeout (a page that never finishes loading). */
        TIMEOUT,
        /** The document has more pages than the renderer's cap. */
        TOO_MANY_PAGES,
        /** The content is not what it claims to be (not HTML, not a PDF, a bad page range). */
        BAD_CONTENT,
        /** No renderer can run here (Chromium missing or failing to start). */
        UNAVAILABLE
    }

    private final Reason reason;

    public RenderException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RenderException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
