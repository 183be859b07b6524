package org.printhub.device;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;

import org.junit.jupiter.api.Test;

class InterruptsTest {
    @Test
    void ioErrorsThatAnInterruptCausedAreInterrupts() {
        assertTrue(Interrupts.isInterrupt(new ClosedByInterruptException()));
        assertTrue(Interrupts.isInterrupt(new InterruptedIOException()));
        assertTrue(Interrupts.isInterrupt(new UncheckedIOException(new ClosedByInterruptException())));
        assertFalse(Interrupts.isInterrupt(new IOException("No space left on device")));
        assertFalse(Interrupts.isInterrupt(new java.net.SocketTimeoutException("Read timed out")),
                "a printer that does not answer in time is a device failure, not a cancel");
    }

    @Test
    void rethrowTurnsThemIntoInterruptedExceptionAndClearsTheFlag() {
        assertThrows(InterruptedException.class, () -> Interrupts.rethrowIfInterrupt(new ClosedByInterruptException()));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> Interrupts.rethrowIfInterrupt(new IOException("closed")));
        assertFalse(Thread.currentThread().isInterrupted());
        assertDoesNotThrow(() -> Interrupts.rethrowIfInterrupt(new IOException("No space left on device")));
    }
}
