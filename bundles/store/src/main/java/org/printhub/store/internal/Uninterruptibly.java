package org.printhub.store.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Waits for a store thread, or work done on one, without giving up on an interrupt: returning early would leave the
 * caller unsure whether its write happened. The interrupt is restored afterwards.
 */
final class Uninterruptibly {
    private Uninterruptibly() {
    }

    /** @throws ExecutionException carrying what the work threw */
    static <T> T get(CompletableFuture<T> result) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for {@code thread} to end. */
    static void join(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
