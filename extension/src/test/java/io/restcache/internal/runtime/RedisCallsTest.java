package io.restcache.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Issue 18, defect 7: a probe that ends without a verdict gives the probe back; local errors are not Redis's. */
class RedisCallsTest {

    private final MovableClock clock = new MovableClock();
    private final CircuitBreakers breakers = new CircuitBreakers(2, Duration.ofSeconds(1), clock);
    private final CircuitBreaker breaker = breakers.forKey(null);
    private final RedisCalls calls = new RedisCalls(breakers, new CacheMetrics(),
            new RateLimitedLog(Logger.getLogger("test"), 10_000), Duration.ofMillis(200));

    @Test
    void aFailedOrSkippedStep_isReportedToTheTelemetry_aSuccessfulOneIsNot() {
        java.util.List<String> reported = new java.util.ArrayList<>();
        CacheTelemetry recording = new CacheTelemetry() {
            @Override
            public RequestTrace request() {
                return RequestTrace.NONE;
            }

            @Override
            public void redisStepFailed(String step, long nanos, String reason) {
                reported.add(step + ":" + reason);
            }
        };
        RedisCalls traced = new RedisCalls(breakers, new CacheMetrics(), () -> recording,
                new RateLimitedLog(Logger.getLogger("test"), 10_000), Duration.ofMillis(50));
        assertThrows(RedisCalls.RedisSkipped.class, () -> traced.call("lookup", CompletableFuture<String>::new));
        assertThrows(RedisCalls.RedisSkipped.class, () -> traced.call("store",
                () -> CompletableFuture.failedFuture(new RuntimeException("down"))));
        assertThrows(RedisCalls.RedisSkipped.class, () -> traced.call("lookup", CompletableFuture<String>::new));
        assertEquals("ok", assertDoesNotThrowCall(traced));
        assertEquals(java.util.List.of("lookup:redis-timeout", "store:redis-error", "lookup:redis-breaker-open"), reported);
    }

    private String assertDoesNotThrowCall(RedisCalls traced) {
        clock.millis += 1_001;      // past the open breaker: the probe succeeds
        try {
            return traced.call("lookup", () -> CompletableFuture.completedFuture("ok"));
        } catch (RedisCalls.RedisSkipped e) {
            throw new AssertionError(e.reason());
        }
    }

    @Test
    void anInterruptedProbe_letsTheNextRequestProbe() {
        openTheBreaker();
        clock.millis += 1_001;                        // half-open: the next call is the probe
        Thread.currentThread().interrupt();
        assertThrows(RedisCalls.RedisSkipped.class, () -> calls.call("lookup", CompletableFuture<String>::new));
        assertTrue(Thread.interrupted());
        assertEquals("ok", call(() -> CompletableFuture.completedFuture("ok")),
                "the breaker lets another probe through instead of waiting forever");
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void aProbeThatEndsInAnError_letsTheNextRequestProbe() {
        openTheBreaker();
        clock.millis += 1_001;
        assertThrows(StackOverflowError.class, () -> calls.call("lookup", () -> {
            throw new StackOverflowError();
        }));
        assertEquals("ok", call(() -> CompletableFuture.completedFuture("ok")));
    }

    @Test
    void anEntryThatCannotBeEncoded_isNotCountedAsARedisFailure() {
        for (int i = 0; i < 10; i++) {
            assertThrows(RedisCalls.RedisSkipped.class, () -> calls.call("store", () -> {
                throw new UncheckedIOException(new java.io.UTFDataFormatException("a header over 64 KB"));
            }));
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "Redis never failed");
    }

    private void openTheBreaker() {
        for (int i = 0; i < 2; i++) {
            assertThrows(RedisCalls.RedisSkipped.class,
                    () -> calls.call("lookup", () -> CompletableFuture.failedFuture(new RuntimeException("down"))));
        }
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    }

    private String call(java.util.function.Supplier<CompletableFuture<String>> step) {
        try {
            return calls.call("lookup", step);
        } catch (RedisCalls.RedisSkipped e) {
            throw new AssertionError("skipped: " + e.reason());
        }
    }

    private static final class MovableClock extends Clock {
        long millis = 1_000_000;

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
}
