package org.printhub.store.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * As {@link #get(CompletableFuture)}, for at most {@code timeout}.
     *
     * @throws TimeoutException if the work is not done by then
     */
    static <T> T get(CompletableFuture<T> result, long timeout, TimeUnit unit) throws ExecutionException,
            TimeoutException {
        return until(System.nanoTime() + unit.toNanos(timeout), left -> result.get(left, TimeUnit.NANOSECONDS));
    }

    /** Waits at most {@code timeout} for a shut-down executor's threads to end; whether they did. */
    static boolean awaitTermination(ExecutorService executor, long timeout, TimeUnit unit) {
        try {
            return until(System.nanoTime() + unit.toNanos(timeout),
                    left -> executor.awaitTermination(left, TimeUnit.NANOSECONDS));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot happen awaiting termination", e);
        }
    }

    /** A wait that an interrupt cuts short, given the nanoseconds left. */
    private interface TimedWait<T> {
        T await(long nanosLeft) throws InterruptedException, ExecutionException, TimeoutException;
    }

    private static <T> T until(long deadline, TimedWait<T> wait) throws ExecutionException, TimeoutException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return wait.await(deadline - System.nanoTime());
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
