package org.printhub.api.myq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class FailureLimiterTest {
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void blocksAKeyAfterTheAllowedFailuresUntilTheWindowPasses() {
        MutableClock clock = new MutableClock();
        FailureLimiter limiter = new FailureLimiter(3, Duration.ofMinutes(5), clock);
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), limiter.blocked("address:10.0.0.1"));
            limiter.failed("address:10.0.0.1");
            clock.advance(Duration.ofSeconds(10));
        }
        Optional<Duration> wait = limiter.blocked("address:10.0.0.1", "client:x");
        assertTrue(wait.isPresent());
        assertEquals(Duration.ofMinutes(5).minusSeconds(30), wait.get());
        assertEquals(Optional.empty(), limiter.blocked("address:10.0.0.2"));
        clock.advance(Duration.ofMinutes(5).minusSeconds(30));
        assertEquals(Optional.empty(), limiter.blocked("address:10.0.0.1"), "the first failure left the window");
    }

    @Test
    void successForgetsAnAccountsFailures() {
        FailureLimiter limiter = new FailureLimiter(2, Duration.ofMinutes(1), new MutableClock());
        limiter.failed("user:alice");
        limiter.failed("user:alice");
        assertTrue(limiter.blocked("user:alice").isPresent());
        limiter.succeeded("user:alice");
        assertEquals(Optional.empty(), limiter.blocked("user:alice"));
    }

    @Test
    void theTableIsBounded() {
        FailureLimiter limiter = new FailureLimiter(1, Duration.ofMinutes(1), new MutableClock());
        for (int i = 0; i < FailureLimiter.MAX_KEYS + 1000; i++) {
            limiter.failed("address:" + i);
        }
        assertEquals(FailureLimiter.MAX_KEYS, limiter.size());
        assertTrue(limiter.blocked("address:" + (FailureLimiter.MAX_KEYS + 999)).isPresent(), "newest kept");
        assertEquals(Optional.empty(), limiter.blocked("address:0"), "oldest forgotten");
    }
}
