package io.restcache.internal.purge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.spi.EdgePurger;
import io.restcache.internal.runtime.CacheMetrics;
import io.restcache.internal.runtime.RateLimitedLog;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EdgePurgesTest {

    private static final Duration NEVER = Duration.ofHours(1);

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
    private final CacheMetrics metrics = new CacheMetrics();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private record Call(Set<String> keys, long atNanos) {
    }

    @AfterEach
    void stop() {
        thread.shutdownNow();
    }

    private EdgePurges purges(Function<Set<String>, CompletionStage<Void>> edge, int maxKeys, Duration repeatAfter,
            Duration timeout, int attempts, int bound) {
        EdgePurger purger = new EdgePurger() {
            @Override
            public CompletionStage<Void> purge(Set<String> keys) {
                calls.add(new Call(keys, System.nanoTime()));
                return edge.apply(keys);
            }

            @Override
            public int maxKeysPerCall() {
                return maxKeys;
            }
        };
        return new EdgePurges(purger, thread, metrics, new RateLimitedLog(Logger.getLogger("test"), 10_000),
                new EdgePurges.Timing(repeatAfter, timeout, Duration.ofMillis(10), Duration.ofMillis(40), attempts), bound);
    }

    private static CompletionStage<Void> ok(Set<String> keys) {
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void purge_goesOutAtOnceAndAgainAfterTheNearCacheMaximumAge() {
        EdgePurges purges = purges(EdgePurgesTest::ok, 256, Duration.ofMillis(300), Duration.ofSeconds(1), 3, 100);
        long before = System.nanoTime();
        purges.purge(Set.of("a", "b"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 2);
        assertEquals(Set.of("a", "b"), calls.get(0).keys());
        assertEquals(Set.of("a", "b"), calls.get(1).keys());
        assertTrue(calls.get(0).atNanos() - before < TimeUnit.MILLISECONDS.toNanos(200), "the first purge waits for nothing");
        assertTrue(calls.get(1).atNanos() - before >= TimeUnit.MILLISECONDS.toNanos(300), "the second waits the maximum age");
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> metrics.get("edge.purge.ok") == 2);
        assertEquals(0, purges.pending());
    }

    @Test
    void failingEdge_isRetriedWithBackoff_thenGivenUpAndCounted() {
        EdgePurges purges = purges(k -> CompletableFuture.failedFuture(new IllegalStateException("503")), 256, NEVER,
                Duration.ofSeconds(1), 3, 100);
        purges.purge(Set.of("a"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> metrics.get("edge.purge.gave-up") == 1);
        assertEquals(3, calls.size());
        assertEquals(2, metrics.get("edge.purge.retry"));
        assertEquals(0, metrics.get("edge.purge.ok"));
        long firstPause = calls.get(1).atNanos() - calls.get(0).atNanos();
        long secondPause = calls.get(2).atNanos() - calls.get(1).atNanos();
        assertTrue(firstPause >= TimeUnit.MILLISECONDS.toNanos(10) && secondPause >= TimeUnit.MILLISECONDS.toNanos(20),
                "backoff doubles: " + firstPause + " then " + secondPause + " ns");
        assertEquals(1, purges.pending(), "the repeat is still waiting");
    }

    @Test
    void throwingPurger_isRetriedLikeAFailedOne() {
        EdgePurges purges = purges(k -> {
            if (calls.size() == 1) {
                throw new IllegalStateException("connection refused");
            }
            return CompletableFuture.completedFuture(null);
        }, 256, NEVER, Duration.ofSeconds(1), 3, 100);
        purges.purge(Set.of("a"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> metrics.get("edge.purge.ok") == 1);
        assertEquals(2, calls.size());
        assertEquals(1, metrics.get("edge.purge.retry"));
    }

    @Test
    void slowEdge_costsTheCallerNothing_andTimesOut() {
        // the edge never answers; each call is given 1 s: the caller must be back long before that
        EdgePurges purges = purges(k -> new CompletableFuture<>(), 256, NEVER, Duration.ofSeconds(1), 2, 100);
        long start = System.nanoTime();
        purges.purge(Set.of("a"));
        long took = System.nanoTime() - start;
        assertTrue(took < TimeUnit.MILLISECONDS.toNanos(500), "purge() returned after " + took + " ns");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> metrics.get("edge.purge.gave-up") == 1);
        assertEquals(2, calls.size());
        assertTrue(System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(2), "two calls of 1 s each timed out");
    }

    @Test
    void fullQueue_dropsNewPurgesAndCountsThem() {
        EdgePurges purges = purges(k -> new CompletableFuture<>(), 256, NEVER, NEVER, 1, 2);
        purges.purge(Set.of("a"));      // takes both places: now and the repeat
        purges.purge(Set.of("b"));
        purges.purge(Set.of("c"));
        assertEquals(4, metrics.get("edge.purge.dropped"));
        assertEquals(2, purges.pending());
    }

    @Test
    void largePurge_isSplitIntoCallsTheEdgeAccepts() {
        EdgePurges purges = purges(EdgePurgesTest::ok, 2, NEVER, Duration.ofSeconds(1), 1, 100);
        purges.purge(Set.of("a", "b", "c", "d", "e"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 3);
        assertEquals(Set.of("a", "b", "c", "d", "e"), calls.stream().flatMap(c -> c.keys().stream())
                .collect(java.util.stream.Collectors.toSet()));
        assertTrue(calls.stream().allMatch(c -> c.keys().size() <= 2));
    }
}
