package org.printhub.device.file.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;

/** A cancel interrupts the printing thread, which file and stream I/O report as an {@link IOException}. */
final class Interrupts {
    private Interrupts() {
    }

    /** Throws the {@link InterruptedException} that {@code e} stands for, if it does, clearing the interrupt. */
    static void rethrow(IOException e) throws InterruptedException {
        if (e instanceof ClosedByInterruptException || e instanceof InterruptedIOException || Thread.interrupted()) {
            Thread.interrupted();
            throw (InterruptedException) new InterruptedException("interrupted: " + e).initCause(e);
        }
    }
}
