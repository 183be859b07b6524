package org.printhub.render;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What to render: a URL the renderer loads, or HTML text with the URL it is to be read as (for relative links,
 * {@code location} and cookies). Immutable.
 */
public final class HtmlSource {
    private final URI url;
    private final String html;
    private final String cookie;

    private HtmlSource(URI url, String html, String cookie) {
        this.url = url;
        this.html = html;
        this.cookie = cookie == null || cookie.isBlank() ? null : cookie.trim();
    }

    /**
     * A page to load from the network.
     *
     * @param cookie a {@code name=value[; name=value]} cookie sent with requests to the page's host, or null
     */
    public static HtmlSource url(URI url, String cookie) {
        return new HtmlSource(Objects.requireNonNull(url, "url"), null, cookie);
    }

    /**
     * A whole HTML document.
     *
     * @param baseUrl the URL the document is read as, or null for none (relative links then fail)
     * @param cookie sent with requests to {@code baseUrl}'s host, or null
     */
    public static HtmlSource html(String html, URI baseUrl, String cookie) {
        return new HtmlSource(baseUrl, Objects.requireNonNull(html, "html"), cookie);
    }

    /** The page's URL, or the base URL of {@link #html()}. */
    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    /** The document's text when it was given, empty when it is loaded from {@link #url()}. */
    public Optional<String> html() {
        return Optional.ofNullable(html);
    }

    public Optional<String> cookie() {
        return Optional.ofNullable(cookie);
    }
}
