package org.printhub.device.ipp.internal;

import java.util.concurrent.TimeUnit;

import org.printhub.device.Device;
import org.printhub.device.PrintTask;

/** One {@link Device#print} on a thread of its own, as the core's worker runs it, so a test can interrupt it. */
final class Attempt {
    private final Thread thread;
    private volatile Throwable outcome;
    private volatile boolean finished;

    Attempt(Device device, PrintTask task) {
        thread = new Thread(() -> {
            try {
                device.print(task);
            } catch (Throwable t) {
                outcome = t;
            } finally {
                finished = true;
            }
        }, "test-print");
        thread.setDaemon(true);
        thread.start();
    }

    void interrupt() {
        thread.interrupt();
    }

    /** What ended the attempt: null when it returned normally. */
    Throwable await(long seconds) throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(seconds));
        if (!finished) {
            throw new AssertionError("print() still running after " + seconds + " s");
        }
        return outcome;
    }
}
