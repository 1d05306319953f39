package io.restcache.internal.purge;

import io.restcache.spi.EdgePurger;
import io.restcache.internal.runtime.CacheMetrics;
import io.restcache.internal.runtime.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * Design note. An edge purge follows an invalidation Redis has confirmed; it must never hold up a
 * request, so it is only ever scheduled here, on restcache's own edge thread, and the call to the edge
 * is asynchronous with a timeout. Each purge is sent twice: at once, and again after the near cache's
 * maximum age, because until then a node that missed the fleet message may still answer from memory
 * and the edge, refilling from it, would keep the stale copy for its whole lifetime. A failed call is
 * retried with exponential backoff a bounded number of times (purges are idempotent, so a retry that
 * crosses a late success is harmless); every outcome is counted and problems are logged rate-limited.
 * The number of purges waiting or in flight is bounded: past it new ones are dropped and counted, so
 * a dead edge during a write storm costs memory that is bounded, never the requests.
 */
/** Sends the keys of every invalidation to the edge, twice, with retries, off the request path. */
public final class EdgePurges {

    private final EdgePurger purger;
    private final ScheduledExecutorService scheduler;
    private final CacheMetrics metrics;
    private final RateLimitedLog problems;
    private final Timing timing;
    private final int bound;
    private final AtomicInteger pending = new AtomicInteger();

    /**
     * When purges go out and how hard they are retried.
     *
     * @param repeatAfter how long after the first purge the second goes out (the near cache's maximum age)
     * @param callTimeout how long one call to the edge may take
     * @param firstRetry the pause before the first retry; it doubles up to {@code maxRetry}
     * @param maxRetry the longest pause between retries
     * @param attempts how many calls one purge gets in all before it is given up
     */
    public record Timing(Duration repeatAfter, Duration callTimeout, Duration firstRetry, Duration maxRetry,
            int attempts) {

        /** The production timing: retries from 200 ms doubling to 10 s, 8 attempts (about 40 s in all). */
        public static Timing of(Duration repeatAfter, Duration callTimeout) {
            return new Timing(repeatAfter, callTimeout, Duration.ofMillis(200), Duration.ofSeconds(10), 8);
        }
    }

    /**
     * @param scheduler restcache's edge thread (owned by the caller, who shuts it down)
     * @param bound how many purges may wait or be in flight at once
     */
    public EdgePurges(EdgePurger purger, ScheduledExecutorService scheduler, CacheMetrics metrics,
            RateLimitedLog problems, Timing timing, int bound) {
        this.purger = purger;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.problems = problems;
        this.timing = timing;
        this.bound = bound;
    }

    /** Purges these keys now and once more after the repeat delay; returns at once. */
    public void purge(Set<String> keys) {
        for (Set<String> chunk : chunks(keys, Math.max(1, purger.maxKeysPerCall()))) {
            accept(chunk, 0);
            accept(chunk, timing.repeatAfter().toMillis());
        }
    }

    /** Purges waiting or in flight. */
    public int pending() {
        return pending.get();
    }

    private void accept(Set<String> chunk, long delayMillis) {
        if (pending.incrementAndGet() > bound) {
            pending.decrementAndGet();
            metrics.count("edge.purge.dropped");
            problems.warn("edge-dropped", "restcache: " + bound + " edge purges are already waiting (is the edge down?); "
                    + "a purge of " + chunk.size() + " key(s) was dropped: the edge keeps those objects until their "
                    + "s-maxage ends");
            return;
        }
        schedule(chunk, 1, delayMillis);
    }

    private void schedule(Set<String> chunk, int attempt, long delayMillis) {
        try {
            scheduler.schedule(() -> attempt(chunk, attempt), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            pending.decrementAndGet();
        }
    }

    private void attempt(Set<String> chunk, int attempt) {
        CompletableFuture<Void> call;
        try {
            CompletionStage<Void> stage = purger.purge(chunk);
            call = stage.toCompletableFuture().copy();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.orTimeout(timing.callTimeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, error) -> {
            if (error == null) {
                pending.decrementAndGet();
                metrics.count("edge.purge.ok");
                return;
            }
            if (attempt >= timing.attempts()) {
                pending.decrementAndGet();
                metrics.count("edge.purge.gave-up");
                problems.warn("edge-gave-up", "restcache: gave up an edge purge of " + chunk.size() + " key(s) after "
                        + attempt + " attempts (" + error + "): the edge keeps those objects until their s-maxage ends");
                return;
            }
            metrics.count("edge.purge.retry");
            problems.warn("edge-retry", "restcache: an edge purge failed (" + error + "); retrying");
            schedule(chunk, attempt + 1, backoffMillis(attempt));
        });
    }

    private long backoffMillis(int attempt) {
        long pause = timing.firstRetry().toMillis() << Math.min(attempt - 1, 20);
        return Math.min(pause, timing.maxRetry().toMillis());
    }

    static List<Set<String>> chunks(Set<String> keys, int size) {
        List<Set<String>> chunks = new ArrayList<>();
        Set<String> current = new TreeSet<>();
        for (String key : new TreeSet<>(keys)) {
            current.add(key);
            if (current.size() == size) {
                chunks.add(Set.copyOf(current));
                current = new TreeSet<>();
            }
        }
        if (!current.isEmpty()) {
            chunks.add(Set.copyOf(current));
        }
        return chunks;
    }
}
