package org.printhub.device.virtual.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Spaces one job's pages at the configured rate. */
final class Pacer {
    private final long nanosPerPage;
    private final LongSupplier nanoTime;
    private long lastPage;

    Pacer(long nanosPerPage, LongSupplier nanoTime) {
        this.nanosPerPage = nanosPerPage;
        this.nanoTime = nanoTime;
        this.lastPage = nanoTime.getAsLong();
    }

    /** Sleeps until a page's time after the previous one; a job held up longer (suspended, slow) does not catch up. */
    void awaitNextPage() throws InterruptedException {
        long due = lastPage + nanosPerPage;
        long now = nanoTime.getAsLong();
        if (due > now) {
            TimeUnit.NANOSECONDS.sleep(due - now);
        }
        lastPage = Math.max(due, now);
    }
}
