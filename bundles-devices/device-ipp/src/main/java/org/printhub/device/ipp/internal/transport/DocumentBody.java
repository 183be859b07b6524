package org.printhub.device.ipp.internal.transport;

import java.io.IOException;
import java.io.InputStream;

/** Document bytes to stream after an IPP request's attributes; opened once per exchange. */
public interface DocumentBody {

    /** The exact number of bytes {@link #open()} yields. */
    long size();

    InputStream open() throws IOException;
}
