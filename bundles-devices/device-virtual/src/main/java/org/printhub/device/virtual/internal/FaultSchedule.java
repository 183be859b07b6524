package org.printhub.device.virtual.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.printhub.device.DeviceException;

/** When the configured fault strikes, and when it clears; state lives as long as the component. */
final class FaultSchedule {
    private final Fault fault;
    private final int atPage;
    private final long clearsNanos;
    private final LongSupplier nanoTime;
    private boolean struck;
    private long struckAt;
    private boolean cleared;

    /** @throws IllegalArgumentException for a negative page or time */
    FaultSchedule(Fault fault, int atPage, long clearsMillis, LongSupplier nanoTime) {
        if (atPage < 0 || clearsMillis < 0) {
            throw new IllegalArgumentException("faultAtPage and faultClears must not be negative");
        }
        this.fault = fault;
        this.atPage = atPage;
        this.clearsNanos = TimeUnit.MILLISECONDS.toNanos(clearsMillis);
        this.nanoTime = nanoTime;
    }

    /** Called before each page with the pages the job has printed so far. */
    synchronized void beforePage(int printed) throws DeviceException {
        if (fault == Fault.NONE || cleared || printed != atPage) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (!struck) {
            struck = true;
            struckAt = now;
        } else if (clearsNanos > 0 && now - struckAt >= clearsNanos) {
            cleared = true;
            return;
        }
        String clears = clearsNanos == 0 ? "until the configuration changes"
                : "for " + TimeUnit.NANOSECONDS.toMillis(clearsNanos - (now - struckAt)) + " ms more";
        throw DeviceException.retryable(fault.reason(),
                fault.message() + " after " + printed + " pages (simulated, " + clears + ")");
    }
}
