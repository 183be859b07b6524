package org.printhub.render;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Fetches what a client asks the server to fetch, under the server's network rules: only {@code http} and
 * {@code https}; no loopback, link-local, private, unique-local, multicast or unspecified address, unless the
 * allow list names the host or its network; every redirect checked the same way; a size limit and a timeout.
 * A print server must not become a way into the network behind it.
 */
@ProviderType
public interface UrlFetcher {

    /**
     * Checks {@code url} against the rules, resolving its host.
     *
     * @throws FetchException with {@link FetchException.Reason#REFUSED} when the rules forbid it
     */
    void check(URI url) throws FetchException;

    /**
     * Fetches {@code url} into the file {@code target} (created or replaced), streaming.
     *
     * @param cookie a {@code Cookie} header value sent to {@code url}'s host only, or null
     * @return the final URL, MIME type and size
     * @throws FetchException when refused, too large, timed out or answered with an error status; {@code target}
     *         is deleted then
     */
    Fetched fetch(URI url, String cookie, Path target) throws FetchException, InterruptedException;

    /** The largest body {@link #fetch} accepts, in bytes. */
    long maxBytes();

    /** What {@link UrlFetcher#fetch} got. */
    final class Fetched {
        private final URI url;
        private final String mimeType;
        private final long size;

        public Fetched(URI url, String mimeType, long size) {
            this.url = url;
            this.mimeType = mimeType;
            this.size = size;
        }

        /** The URL after redirects. */
        public URI url() {
            return url;
        }

        /** The {@code Content-Type} without parameters, lower case; {@code application/octet-stream} if none. */
        public String mimeType() {
            return mimeType;
        }

        public long size() {
            return size;
        }
    }

    /** A URL the fetcher would not or could not fetch; the message is one line fit for a user. */
    class FetchException extends IOException {
        private static final long serialVersionUID = 1L;

        /** Why. */
        public enum Reason {
            /** Not http(s), or the address is forbidden by the network rules. */
            REFUSED,
            /** No answer, or not all of it, within the timeout. */
            TIMEOUT,
            /** Longer than the size limit. */
            TOO_LARGE,
            /** The server answered with an error status, too many redirects, or the connection failed. */
            FAILED
        }

        private final Reason reason;

        public FetchException(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public FetchException(Reason reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }
}
