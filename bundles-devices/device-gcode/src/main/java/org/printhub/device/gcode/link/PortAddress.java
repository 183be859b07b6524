package org.printhub.device.gcode.link;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Where a printer's console is: a serial device ({@code /dev/ttyUSB0}, {@code COM3}) or a TCP bridge to one in
 * ser2net style ({@code socket://host:port}). Checked when the device is configured; nothing is opened then.
 */
public record PortAddress(String serialPath, String host, int port, int baudrate) {
    private static final String SOCKET = "socket://";

    /** @throws IllegalArgumentException naming what is wrong */
    public static PortAddress parse(String configured, int baudrate) {
        String p = configured == null ? "" : configured.trim();
        if (p.isEmpty()) {
            throw new IllegalArgumentException("port is required: a serial device such as /dev/ttyUSB0, "
                    + "or socket://host:port for a TCP bridge (ser2net)");
        }
        if (p.regionMatches(true, 0, SOCKET, 0, SOCKET.length())) {
            URI uri;
            try {
                uri = new URI(p);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a socket://host:port address: '" + p + "'");
            }
            if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null) {
                throw new IllegalArgumentException("not a socket://host:port address (port 1 to 65535): '" + p + "'");
            }
            return new PortAddress(null, uri.getHost(), uri.getPort(), baudrate);
        }
        if (p.contains("://")) {
            throw new IllegalArgumentException("unknown port scheme in '" + p + "': use a device path or socket://host:port");
        }
        if (!p.startsWith("/") && !p.matches("(?i)COM[0-9]{1,3}")) {
            throw new IllegalArgumentException("a serial port is an absolute device path (/dev/ttyUSB0) or COMn: '" + p + "'");
        }
        if (baudrate < 300 || baudrate > 4_000_000) {
            throw new IllegalArgumentException("baudrate must be 300 to 4000000, not " + baudrate);
        }
        return new PortAddress(p, null, 0, baudrate);
    }

    public boolean isSocket() {
        return serialPath == null;
    }

    /** Opens the link; bounded by {@code connectTimeout}. */
    public Link open(Duration connectTimeout) throws IOException {
        return isSocket() ? TcpLink.open(host, port, connectTimeout) : SerialLink.open(serialPath, baudrate);
    }

    @Override
    public String toString() {
        return isSocket() ? SOCKET + (host.contains(":") ? "[" + host + "]" : host) + ":" + port : serialPath;
    }
}
