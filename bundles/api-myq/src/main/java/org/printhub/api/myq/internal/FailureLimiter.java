package org.printhub.api.myq.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed logins per key (a client address, an account) in a sliding window, so that guessing secrets
 * is slowed to {@code maxFailures} tries per window. The table is bounded: when full, the keys idle longest
 * are forgotten first, so a flood of addresses cannot exhaust memory.
 */
final class FailureLimiter {
    static final int MAX_KEYS = 50_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    // Access order: the least recently touched key is the eldest.
    private final LinkedHashMap<String, Deque<Instant>> failures = new LinkedHashMap<>(256, 0.75f, true);

    FailureLimiter(int maxFailures, Duration window, Clock clock) {
        if (maxFailures < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the failed-login limit needs at least 1 failure in a positive window");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** How long until the first of {@code keys} that is blocked accepts tries again; empty when none is blocked. */
    synchronized Optional<Duration> blocked(String... keys) {
        Instant now = clock.instant();
        Duration longest = null;
        for (String key : keys) {
            Deque<Instant> times = failures.get(key);
            if (times == null) {
                continue;
            }
            expire(times, now);
            if (times.size() >= maxFailures) {
                Duration wait = Duration.between(now, times.peekFirst().plus(window));
                if (longest == null || wait.compareTo(longest) > 0) {
                    longest = wait;
                }
            }
        }
        return Optional.ofNullable(longest);
    }

    synchronized void failed(String... keys) {
        Instant now = clock.instant();
        for (String key : keys) {
            Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            expire(times, now);
            times.addLast(now);
            while (times.size() > maxFailures) {
                times.removeFirst();
            }
        }
        if (failures.size() > MAX_KEYS) {
            Iterator<Map.Entry<String, Deque<Instant>>> it = failures.entrySet().iterator();
            while (failures.size() > MAX_KEYS && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
    }

    /** Forgets the failures of {@code key}, e.g. an account after a successful login. */
    synchronized void succeeded(String key) {
        failures.remove(key);
    }

    synchronized int size() {
        return failures.size();
    }

    private void expire(Deque<Instant> times, Instant now) {
        Instant cutoff = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.removeFirst();
        }
    }
}
