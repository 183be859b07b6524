package org.printhub.render.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.printhub.render.RenderException;
import org.printhub.render.RenderException.Reason;

/** What every renderer enforces per document, from {@link RenderConfig}: a time limit, a page cap, concurrency. */
final class RenderLimits {
    private final Duration timeout;
    private final int maxPages;
    private final Semaphore slots;

    RenderLimits(RenderConfig config) {
        this.timeout = Duration.ofSeconds(Math.max(1, config.timeoutSeconds()));
        this.maxPages = Math.max(1, config.maxPages());
        this.slots = new Semaphore(Math.max(1, config.maxConcurrent()), true);
    }

    /**
     * Waits for a concurrency slot, within the document's time; the caller must {@link #release()} it.
     *
     * @return the document's deadline, a {@link System#nanoTime()}
     */
    long admit() throws RenderException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!slots.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new RenderException(Reason.TIMEOUT, "the renderer was busy for " + timeout.toSeconds() + " s");
        }
        return deadline;
    }

    void release() {
        slots.release();
    }

    Duration timeout() {
        return timeout;
    }

    int maxPages() {
        return maxPages;
    }
}
