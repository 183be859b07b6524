package org.printhub.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Which browser origins may call a surface, and how. Immutable; each surface builds its own from its
 * configuration with {@link #builder()}. A policy with no allowed origins allows none: no CORS header is
 * ever written.
 */
public final class CorsPolicy {
    private static final Set<String> SAFELISTED_HEADERS = Set.of("accept", "accept-language", "content-language",
            "content-type");

    private final boolean anyOrigin;
    private final Set<String> origins;
    private final Set<String> methods;
    private final boolean anyHeader;
    private final Set<String> headers;
    private final List<String> exposedHeaders;
    private final long maxAgeSeconds;
    private final boolean credentials;

    private CorsPolicy(Builder b) {
        this.anyOrigin = b.origins.contains("*");
        this.origins = Set.copyOf(b.origins);
        this.methods = Set.copyOf(b.methods);
        this.anyHeader = b.headers.contains("*");
        this.headers = Set.copyOf(b.headers);
        this.exposedHeaders = List.copyOf(b.exposedHeaders);
        this.maxAgeSeconds = b.maxAge.getSeconds();
        this.credentials = b.credentials;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A policy that allows no origin. */
    public static CorsPolicy none() {
        return builder().build();
    }

    public boolean isOriginAllowed(String origin) {
        if (origin == null || origin.isBlank()) {
            return false;
        }
        return anyOrigin || origins.contains(normalizeOrigin(origin));
    }

    /**
     * Answers a CORS preflight ({@code OPTIONS} with {@code Origin} and
     * {@code Access-Control-Request-Method}): 204 with the allowing headers, or 403 without them when the
     * origin, method or a requested header is not allowed.
     *
     * @return true if the request was a preflight and has been answered; false to handle it normally
     */
    public boolean handlePreflight(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        String method = request.getHeader("Access-Control-Request-Method");
        if (!"OPTIONS".equalsIgnoreCase(request.getMethod()) || origin == null || method == null) {
            return false;
        }
        response.addHeader("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        Responses.noStore(response);
        List<String> requested = split(request.getHeader("Access-Control-Request-Headers"));
        if (!isOriginAllowed(origin) || !methods.contains(method.trim().toUpperCase(Locale.ROOT))
                || !requested.stream().allMatch(this::isHeaderAllowed)) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentLength(0);
            return true;
        }
        allowOrigin(origin, response);
        response.setHeader("Access-Control-Allow-Methods", String.join(", ", sorted(methods)));
        if (!requested.isEmpty()) {
            response.setHeader("Access-Control-Allow-Headers", String.join(", ", requested));
        }
        if (maxAgeSeconds > 0) {
            response.setHeader("Access-Control-Max-Age", Long.toString(maxAgeSeconds));
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.setContentLength(0);
        return true;
    }

    /** Adds the CORS headers of an actual (not preflight) request from an allowed origin; nothing otherwise. */
    public void applyHeaders(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (!isOriginAllowed(origin)) {
            return;
        }
        allowOrigin(origin, response);
        if (!exposedHeaders.isEmpty()) {
            response.setHeader("Access-Control-Expose-Headers", String.join(", ", exposedHeaders));
        }
    }

    private void allowOrigin(String origin, HttpServletResponse response) {
        // "*" is not allowed together with credentials, so the origin is echoed then.
        if (anyOrigin && !credentials) {
            response.setHeader("Access-Control-Allow-Origin", "*");
        } else {
            response.setHeader("Access-Control-Allow-Origin", origin.trim());
            response.addHeader("Vary", "Origin");
        }
        if (credentials) {
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
    }

    private boolean isHeaderAllowed(String header) {
        String h = header.toLowerCase(Locale.ROOT);
        return anyHeader || headers.contains(h) || SAFELISTED_HEADERS.contains(h);
    }

    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (String s : list.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    private static List<String> sorted(Set<String> set) {
        List<String> l = new ArrayList<>(set);
        l.sort(null);
        return l;
    }

    private static String normalizeOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    public static final class Builder {
        private final Set<String> origins = new LinkedHashSet<>();
        private final Set<String> methods = new LinkedHashSet<>(List.of("GET", "HEAD", "POST"));
        private final Set<String> headers = new LinkedHashSet<>();
        private final List<String> exposedHeaders = new ArrayList<>();
        private Duration maxAge = Duration.ofMinutes(10);
        private boolean credentials;

        private Builder() {
        }

        /** Origins such as {@code https://app.example.com}, or {@code *} for any; blank entries are ignored. */
        public Builder allowOrigins(Collection<String> origins) {
            for (String o : origins) {
                if (o != null && !o.isBlank()) {
                    this.origins.add(o.trim().equals("*") ? "*" : normalizeOrigin(o));
                }
            }
            return this;
        }

        public Builder allowOrigins(String... origins) {
            return allowOrigins(List.of(origins));
        }

        /** Replaces the allowed methods (default GET, HEAD, POST). */
        public Builder allowMethods(String... methods) {
            this.methods.clear();
            for (String m : methods) {
                this.methods.add(m.trim().toUpperCase(Locale.ROOT));
            }
            return this;
        }

        /** Request headers a browser may send besides the CORS-safelisted ones; {@code *} for any. */
        public Builder allowHeaders(String... headers) {
            for (String h : headers) {
                this.headers.add(h.trim().equals("*") ? "*" : h.trim().toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** Response headers a browser script may read, e.g. {@code Location}. */
        public Builder exposeHeaders(String... headers) {
            this.exposedHeaders.addAll(List.of(headers));
            return this;
        }

        /** How long a browser may cache a preflight answer; zero sends none. */
        public Builder maxAge(Duration maxAge) {
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("maxAge must not be negative");
            }
            this.maxAge = maxAge;
            return this;
        }

        /** Whether browsers may send cookies and HTTP authentication along. */
        public Builder allowCredentials(boolean credentials) {
            this.credentials = credentials;
            return this;
        }

        public CorsPolicy build() {
            return new CorsPolicy(this);
        }
    }
}
