package org.printhub.device.tcp;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a network printer listens and how long to wait for it, checked when a configuration is activated (no DNS
 * look-up then: names are resolved on each connect).
 */
public record Endpoint(String host, int port, Duration connectTimeout, Duration ioTimeout) {
    private static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9_.-]+)?");

    /**
     * @param host a host name, an IPv4 address, or an IPv6 address with or without brackets
     * @throws IllegalArgumentException naming what is wrong, for a bad host, port or timeout
     */
    public static Endpoint of(String host, int port, int connectTimeoutSeconds, int ioTimeoutSeconds) {
        String h = host == null ? "" : host.trim();
        if (h.isEmpty()) {
            throw new IllegalArgumentException("host is required: the printer's host name or address");
        }
        if (h.contains("://") || h.contains("/")) {
            throw new IllegalArgumentException("host must be a host name or address, not a URI or path: '" + h + "'");
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!HOST_NAME.matcher(h).matches() && !(h.contains(":") && IPV6.matcher(h).matches())) {
            throw new IllegalArgumentException("not a host name or address: '" + host.trim() + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
        }
        return new Endpoint(h.toLowerCase(Locale.ROOT), port, seconds("connectTimeoutSeconds", connectTimeoutSeconds),
                seconds("ioTimeoutSeconds", ioTimeoutSeconds));
    }

    private static Duration seconds(String name, int value) {
        if (value < 1 || value > 86_400) {
            throw new IllegalArgumentException(name + " must be 1 to 86400, not " + value);
        }
        return Duration.ofSeconds(value);
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
