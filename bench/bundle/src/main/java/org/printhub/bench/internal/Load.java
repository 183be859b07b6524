package org.printhub.bench.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one operation {@code count} times on {@code threads} threads, bounded by a deadline, and times it: the
 * clock starts when every thread is ready and stops when the last one is done.
 */
final class Load {

    /** One unit of work; {@code i} is unique within a run. */
    @FunctionalInterface
    interface Op {
        void run(int i) throws Exception;
    }

    /** What a run did: the count, the wall time and each operation's latency. */
    record Result(int ops, int errors, String firstError, long nanos, long[] latencies) {

        double seconds() {
            return nanos / 1e9;
        }

        double rate() {
            return nanos == 0 ? 0 : ops / seconds();
        }

        double percentileMillis(double p) {
            if (latencies.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))] / 1e6;
        }

        /** One line of {@code key=value} figures, the first word naming the command. */
        String line(String command, int threads, int bytes) {
            String s = String.format(Locale.ROOT,
                    "%s rate=%.1f ops=%d threads=%d bytes=%d seconds=%.3f p50ms=%.2f p99ms=%.2f errors=%d", command,
                    rate(), ops, threads, bytes, seconds(), percentileMillis(50), percentileMillis(99), errors);
            return firstError == null ? s : s + " firstError=" + firstError.replaceAll("\\s+", "_");
        }
    }

    private Load() {
    }

    static Result run(int count, int threads, long maxMillis, Op op) throws InterruptedException {
        if (count < 1 || threads < 1 || maxMillis < 1) {
            throw new IllegalArgumentException("count, threads and maxMillis must be at least 1");
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        long[][] latencies = new long[threads][count];
        int[] done = new int[threads];
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int slot = t;
            // not inheriting thread locals keeps the workers out of the Gogo session's ThreadIO redirection:
            // otherwise every log line they cause is written through the console connection, inside the timing
            workers[t] = new Thread(null, () -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = next.getAndIncrement(); i < count && System.nanoTime() - deadline[0] < 0;
                        i = next.getAndIncrement()) {
                    long start = System.nanoTime();
                    try {
                        op.run(i);
                        latencies[slot][done[slot]++] = System.nanoTime() - start;
                    } catch (Exception | Error e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                }
            }, "bench-" + t, 0, false);
            workers[t].start();
        }
        ready.await();
        long start = System.nanoTime();
        deadline[0] = start + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        long nanos = System.nanoTime() - start;
        int ops = Arrays.stream(done).sum();
        long[] all = new long[ops];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, done[t]);
            at += done[t];
        }
        Arrays.sort(all);
        return new Result(ops, errors.get(), firstError.get(), nanos, all);
    }
}
