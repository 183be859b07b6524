package org.printhub.device;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;

/**
 * The one rule for recognising a cancel: the core interrupts the printing thread, and blocking file or socket
 * I/O reports that as an {@link IOException} ({@link ClosedByInterruptException},
 * {@link InterruptedIOException}) rather than an {@link InterruptedException}.
 */
public final class Interrupts {
    private Interrupts() {
    }

    /**
     * Whether {@code t}, or one of its causes, stands for an interrupt. A {@link SocketTimeoutException} is an
     * {@link InterruptedIOException} too, but it is the device not answering in time, not a cancel.
     */
    public static boolean isInterrupt(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException || c instanceof ClosedByInterruptException
                    || (c instanceof InterruptedIOException && !(c instanceof SocketTimeoutException))) {
                return true;
            }
        }
        return false;
    }

    /**
     * For a driver's {@code catch (IOException e)}: throws the {@link InterruptedException} that {@code e} stands
     * for (also when the thread is marked interrupted), clearing the interrupt; returns normally otherwise, so
     * the driver reports {@code e} as the device failure it is.
     */
    public static void rethrowIfInterrupt(IOException e) throws InterruptedException {
        if (isInterrupt(e) || Thread.interrupted()) {
            Thread.interrupted();
            throw (InterruptedException) new InterruptedException("interrupted: " + e).initCause(e);
        }
    }
}
