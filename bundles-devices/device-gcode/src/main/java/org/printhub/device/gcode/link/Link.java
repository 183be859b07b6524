package org.printhub.device.gcode.link;

import java.io.Closeable;
import java.io.IOException;

/**
 * A byte link to a printer's console: a serial port or a TCP bridge to one. One thread reads, another writes.
 */
public interface Link extends Closeable {

    /** Writes all of {@code bytes}. */
    void write(byte[] bytes) throws IOException;

    /**
     * Reads what has arrived, waiting a short while (a fraction of a second) for something.
     *
     * @return the bytes read; 0 when nothing came in that while; -1 when the link is gone (port unplugged,
     *         connection closed)
     */
    int read(byte[] buffer) throws IOException;

    /** Where the link goes, for messages: a device path or {@code socket://host:port}. */
    String describe();
}
