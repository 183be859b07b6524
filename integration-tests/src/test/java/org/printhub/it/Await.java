package org.printhub.it;

import java.util.function.Supplier;

/** Polls a condition with a deadline; every wait in these tests is bounded. */
final class Await {
    private Await() {
    }

    static <T> T until(String what, long timeoutMillis, Supplier<T> probe) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        T last = null;
        while (System.currentTimeMillis() < end) {
            last = probe.get();
            if (last != null && !Boolean.FALSE.equals(last)) {
                return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
    }
}
