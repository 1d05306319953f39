package io.restcache.internal.runtime;

import io.restcache.internal.key.UserHasher;
import io.restcache.internal.store.Invalidator;
import io.restcache.internal.store.TagRef;
import io.restcache.internal.store.redis.RedisErrors;
import io.restcache.internal.store.redis.ReplicatedWrites;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/*
 * Design note. An invalidation must never be lost silently. Each one is attempted at once; if Redis
 * fails, it joins the retry backlog (RetryBacklog), which one retry loop works through with exponential
 * backoff (100 ms doubling to 1 s), all waiting invalidations merged into one attempt, until they
 * succeed or until every entry they could reach has expired anyway (the longest retention of any cached
 * method). A backlog that outgrows its bound becomes one "invalidate everything" on recovery. Each
 * failure is logged (rate-limited). Listeners (the fleet's near caches) hear an invalidation before
 * Redis does, so this node never serves what it is dropping. While the circuit breaker is open, callers
 * do not wait for the drop (Redis is known to be down: waiting would only add the timeout to every
 * unsafe request); on shutdown the backlog gets one last bounded attempt.
 */
/** Executes invalidations against the store, with retries, and tells listeners. */
public final class InvalidationService {

    private static final Logger LOG = Logger.getLogger(InvalidationService.class.getName());
    private static final long FIRST_RETRY_MILLIS = 100;
    /**
     * Longest pause between retries. Short, because a failed purge leaves its entries stale in Redis until
     * a retry succeeds (during a cluster failover that is right after the promotion), and cheap, because
     * all waiting invalidations go out merged as one attempt.
     */
    private static final long MAX_RETRY_MILLIS = 1_000;

    private final Invalidator invalidator;
    private final ScheduledExecutorService retries;
    private final LongSupplier retentionMillis;
    private final RateLimitedLog problems;
    private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<Invalidation>> executedListeners = new CopyOnWriteArrayList<>();
    private final Supplier<Optional<UserHasher>> userHasher;
    private volatile InvalidationPublisher publisher = i -> CompletableFuture.completedFuture(null);
    private final CacheMetrics metrics;
    private final RetryBacklog backlog = new RetryBacklog();
    private final java.util.concurrent.atomic.AtomicBoolean retrying = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile java.util.function.BooleanSupplier redisHealthy = () -> true;

    /**
     * @param retentionMillis how long entries can live at most: an invalidation is retried that long
     */
    public InvalidationService(Invalidator invalidator, ScheduledExecutorService retries, LongSupplier retentionMillis,
            RateLimitedLog problems, Supplier<Optional<UserHasher>> userHasher, CacheMetrics metrics) {
        this.userHasher = userHasher;
        this.metrics = metrics;
        this.invalidator = invalidator;
        this.retries = retries;
        this.retentionMillis = retentionMillis;
        this.problems = problems;
    }

    /** Tells whether Redis is believed up (the breaker is closed): callers only wait for a drop then. */
    public void setRedisHealthy(java.util.function.BooleanSupplier healthy) {
        this.redisHealthy = healthy;
    }

    public void addListener(InvalidationListener listener) {
        listeners.add(listener);
    }

    /**
     * Called with each invalidation once Redis executed it and the fleet was told, on this node alone (the
     * one that issued it; a retry that succeeds hands over the merged invalidation): the edge purges go
     * out from here, once per fleet. A listener that throws does not fail the invalidation.
     */
    public void onExecuted(java.util.function.Consumer<Invalidation> listener) {
        executedListeners.add(listener);
    }

    /** Called with each invalidation once Redis executed it; the fleet publishes it there. */
    public void setPublisher(InvalidationPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Starts an invalidation; the returned stage completes when Redis has executed it (possibly after
     * retries). Callers that must not return before the drop wait on it for a bounded time.
     */
    public CompletableFuture<Void> submit(Invalidation invalidation) {
        for (InvalidationListener l : listeners) {
            try {
                l.invalidating(invalidation);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "restcache: an invalidation listener failed", e);
            }
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.currentTimeMillis() + retentionMillis.getAsLong();
        run(invalidation).whenComplete((result, error) -> {
            if (error == null) {
                metrics.count("invalidation.ok");
                done.complete(null);
                return;
            }
            listeners.forEach(l -> l.failed(invalidation));
            metrics.count("invalidation.retry");
            problems.warn("invalidation", "restcache: invalidation failed (" + error + "); retrying until it succeeds");
            backlog.add(new RetryBacklog.Waiting(invalidation, done, deadline));
            scheduleRetry(FIRST_RETRY_MILLIS);
        });
        return done;
    }

    /**
     * Submits and waits at most {@code max}; past it, the invalidation goes on in the background. While
     * Redis is known to be down (the breaker is open), it does not wait at all.
     *
     * @return whether Redis confirmed the drop in time
     */
    public boolean submitAndWait(Invalidation invalidation, Duration max) {
        CompletableFuture<Void> done = submit(invalidation);
        if (!redisHealthy.getAsBoolean() && !done.isDone()) {
            return false;
        }
        try {
            done.get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * One attempt: Redis, then the fleet. A purge that Redis applied but no replica confirmed
     * ({@link ReplicatedWrites.UnreplicatedWrite}: on a promoted master that has no replica yet, say) fails
     * for the retry backlog, and the fleet is told at once all the same: its deletes and epochs are on the
     * primaries, and a lazy purge's epochs reach other nodes only through this message — without it they
     * would serve what it superseded until a replica is back and the retry succeeds.
     */
    private CompletionStage<?> run(Invalidation invalidation) {
        try {
            return execute(invalidation).handle((purged, error) -> {
                if (error == null) {
                    return publisher.published(invalidation).thenRun(() -> executed(invalidation));
                }
                if (!RedisErrors.appliedUnconfirmed(error)) {
                    return CompletableFuture.<Void>failedFuture(error);
                }
                return publisher.published(invalidation).handle((told, notTold) -> {
                    throw error instanceof CompletionException c ? c : new CompletionException(error);
                });
            }).thenCompose(stage -> stage);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void executed(Invalidation invalidation) {
        for (java.util.function.Consumer<Invalidation> l : executedListeners) {
            try {
                l.accept(invalidation);
            } catch (RuntimeException e) {
                problems.warn("executed-listener", "restcache: a listener of executed invalidations failed (" + e + ")");
            }
        }
    }

    private void scheduleRetry(long backoff) {
        if (retrying.compareAndSet(false, true)) {
            try {
                retries.schedule(() -> retry(backoff), backoff, TimeUnit.MILLISECONDS);
            } catch (RuntimeException shutDown) {
                retrying.set(false);
            }
        }
    }

    /** Runs everything waiting as one merged attempt; backs off while it keeps failing. */
    private void retry(long backoff) {
        RetryBacklog.Batch batch = backlog.drain(System.currentTimeMillis());
        for (RetryBacklog.Waiting gone : batch.expired()) {
            metrics.count("invalidation.gave-up");
            LOG.severe(() -> "restcache: giving up on invalidation " + gone.invalidation()
                    + "; every entry it could reach has expired by now");
            gone.done().completeExceptionally(new IllegalStateException("gave up: every entry it could reach expired"));
        }
        if (batch.merged().isEmpty()) {
            retrying.set(false);
            if (!backlog.isEmpty()) {
                scheduleRetry(backoff);
            }
            return;
        }
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (Invalidation merged : batch.merged()) {
            all = all.thenCompose(v -> run(merged).thenApply(r -> null));
        }
        all.whenComplete((ok, error) -> {
            retrying.set(false);
            if (error == null) {
                metrics.count("invalidation.ok");
                LOG.info(() -> "restcache: " + batch.covered().size() + " waiting invalidation(s) succeeded"
                        + (batch.overflowed() ? " (as one generation bump: the backlog had outgrown its bound)" : ""));
                batch.covered().forEach(w -> w.done().complete(null));
                if (!backlog.isEmpty()) {
                    scheduleRetry(FIRST_RETRY_MILLIS);
                }
                return;
            }
            listeners.forEach(l -> batch.merged().forEach(l::failed));
            metrics.count("invalidation.retry");
            long next = Math.min(backoff * 2, MAX_RETRY_MILLIS);
            problems.warn("invalidation", "restcache: waiting invalidations failed again (" + error + "); retrying in "
                    + next + " ms until they succeed");
            backlog.putBack(batch);
            scheduleRetry(next);
        });
    }

    /** Shutdown: one last attempt at what waits, bounded; says what could not be done. */
    public void flush(Duration max) {
        if (backlog.isEmpty()) {
            return;
        }
        RetryBacklog.Batch batch = backlog.drain(System.currentTimeMillis());
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (Invalidation merged : batch.merged()) {
            all = all.thenCompose(v -> run(merged).thenApply(r -> null));
        }
        try {
            all.get(max.toMillis(), TimeUnit.MILLISECONDS);
            batch.covered().forEach(w -> w.done().complete(null));
        } catch (Exception e) {
            LOG.severe(() -> "restcache: shutting down with " + batch.covered().size() + " invalidation(s) Redis "
                    + "never confirmed (" + batch.merged() + "); other nodes' near caches forget them within "
                    + "their maximum age, but Redis may keep those entries until they expire");
        }
    }

    private CompletionStage<?> execute(Invalidation invalidation) {
        if (invalidation instanceof Invalidation.Indexed indexed) {
            return invalidator.purge(indexed.refs());
        }
        if (invalidation instanceof Invalidation.Users users) {
            UserHasher hasher = userHasher.get().orElseThrow(
                    () -> new IllegalStateException("the user-hash secret is not known yet"));
            return invalidator.purge(users.principalNames().stream().map(n -> TagRef.user(hasher.hash(n)))
                    .collect(Collectors.toSet()));
        }
        if (invalidation instanceof Invalidation.Variants variants) {
            return invalidator.purgeVariants(variants.scope(), variants.variantFields());
        }
        if (invalidation instanceof Invalidation.Resources resources) {
            return invalidator.purgeResources(resources.resourceIds());
        }
        return invalidator.bumpGeneration();
    }
}
