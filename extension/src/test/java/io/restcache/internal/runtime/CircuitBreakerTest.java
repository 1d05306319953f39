package io.restcache.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        long millis;

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
            return Instant.ofEpochMilli(millis);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(5), clock);

    @Test
    void opensAfterConsecutiveFailures_only() {
        breaker.failure();
        breaker.failure();
        breaker.success();               // resets the run
        breaker.failure();
        breaker.failure();
        assertTrue(breaker.allow());
        breaker.failure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.allow());
    }

    @Test
    void afterThePause_oneProbeAtATime_successCloses() {
        open();
        clock.millis += 5_000;
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertTrue(breaker.allow(), "the probe");
        assertFalse(breaker.allow(), "only one probe at a time");
        breaker.success();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.allow());
        assertTrue(breaker.allow());
    }

    @Test
    void failedProbe_reopensForAnotherPause() {
        open();
        clock.millis += 5_000;
        assertTrue(breaker.allow());
        breaker.failure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.allow());
        clock.millis += 4_999;
        assertFalse(breaker.allow());
        clock.millis += 1;
        assertTrue(breaker.allow());
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.failure();
        }
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    }
}
