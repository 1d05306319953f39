package io.restcache.internal.store.memcached;

import io.restcache.internal.key.UserHasher;
import io.restcache.internal.runtime.Invalidation;
import io.restcache.internal.runtime.InvalidationListener;
import io.restcache.internal.runtime.RateLimitedLog;
import io.restcache.internal.store.TagRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/*
 * Design note. Each invalidation bumps counters (INCR, created when missing): what every entry stamped with
 * the old value depended on, so they all read as misses from then on, on this node at once and on the others
 * within restcache.memcached.version-max-age. The mapping:
 *   tags, paths, users -> their counters;      resources -> their resource counters;
 *   variants of a path -> the path's counter (Memcached cannot drop only some: all variants of it go);
 *   everything         -> the namespace counter (part of every entry key).
 * A bump leaves the counter at the bump's time in microseconds or above (INCR by 1, created with the time when
 * missing, then INCR by the gap to the time when it is behind): one that Memcached evicted and that is created
 * again never comes back to a value an old entry was stamped with, and a counter's value says when it was last
 * bumped — the Memcached store's fence (MemcachedResponseStore) refuses a fill that started before a bump of
 * one of its counters. A missing counter reads 0, so an entry stamped before its counter existed is orphaned
 * by the first bump too. A bump that fails is retried
 * (backoff up to 2 s) until the longest retention of any cached method has passed: by then every entry it
 * was meant for has expired.
 *
 * Listening before Redis executes the invalidation (InvalidationService calls listeners first) means the
 * bumps go out whether or not Redis is configured or up.
 */
/** The invalidations of the Memcached store: version counter bumps. */
public final class MemcachedInvalidations implements InvalidationListener {

    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 2_000;

    private final MemcachedConnector connector;
    private final MemcachedKeys keys;
    private final VersionCache versions;
    private final Supplier<Optional<UserHasher>> userHasher;
    private final ScheduledExecutorService retries;
    private final LongSupplier retentionMillis;
    private final RateLimitedLog problems;
    private final java.time.Duration wait;
    private volatile java.util.function.Consumer<Invalidation> lateBump = invalidation -> { };

    MemcachedInvalidations(MemcachedConnector connector, MemcachedKeys keys, VersionCache versions,
            Supplier<Optional<UserHasher>> userHasher, ScheduledExecutorService retries, LongSupplier retentionMillis,
            RateLimitedLog problems, java.time.Duration wait) {
        this.wait = wait;
        this.connector = connector;
        this.keys = keys;
        this.versions = versions;
        this.userHasher = userHasher;
        this.retries = retries;
        this.retentionMillis = retentionMillis;
        this.problems = problems;
    }

    /**
     * Bumps the counters and waits for the first attempt (at most {@code wait}): so that the invalidating
     * request's response goes out after the bump, and the client's next request misses. A bump still
     * failing then goes on being retried in the background.
     */
    @Override
    public void invalidating(Invalidation invalidation) {
        long deadline = System.currentTimeMillis() + retentionMillis.getAsLong();
        List<String> counters = counters(invalidation);
        Pending pending = new Pending(invalidation, new java.util.concurrent.atomic.AtomicBoolean());
        java.util.concurrent.CompletableFuture<?>[] first = new java.util.concurrent.CompletableFuture<?>[counters.size()];
        for (int i = 0; i < counters.size(); i++) {
            first[i] = bump(counters.get(i), deadline, FIRST_RETRY_MILLIS, pending);
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(first).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // failed or slow: reported and retried by bump
        } finally {
            pending.waitedFor().set(true);
        }
    }

    /**
     * Registers what runs when a bump succeeds only after its invalidation was announced (a retry, or a first
     * attempt slower than the wait): until then Memcached still held the old counter, so any node — this one
     * included — may have served and kept in its near cache an entry the invalidation meant to drop; the
     * hook drops this node's near entries and announces the invalidation to the fleet again.
     */
    public void onLateBump(java.util.function.Consumer<Invalidation> hook) {
        this.lateBump = hook;
    }

    /** An invalidation whose bumps are under way; {@code waitedFor} once its request stopped waiting. */
    private record Pending(Invalidation invalidation, java.util.concurrent.atomic.AtomicBoolean waitedFor) {
    }

    /**
     * Another node executed {@code invalidation} (heard on the fleet topic): this node stops trusting its copy
     * of the counters that invalidation bumped, so its hits on the orphaned entries stop at the message's
     * speed rather than within {@code version-max-age}, which stays the bound when a message is lost.
     */
    public void heardFromPeer(Invalidation invalidation) {
        counters(invalidation).forEach(versions::forget);
    }

    /** The counters an invalidation bumps. */
    List<String> counters(Invalidation invalidation) {
        List<String> counters = new ArrayList<>();
        if (invalidation instanceof Invalidation.Indexed indexed) {
            indexed.refs().forEach(ref -> counters.add(keys.counter(ref)));
        } else if (invalidation instanceof Invalidation.Users users) {
            // without the secret no per-user entry can have been stored
            userHasher.get().ifPresent(hasher -> users.principalNames()
                    .forEach(name -> counters.add(keys.counter(TagRef.user(hasher.hash(name))))));
        } else if (invalidation instanceof Invalidation.Variants variants) {
            counters.add(keys.counter(variants.scope()));
        } else if (invalidation instanceof Invalidation.Resources resources) {
            resources.resourceIds().forEach(id -> counters.add(keys.resource(id)));
        } else if (invalidation instanceof Invalidation.Everything) {
            counters.add(keys.namespace());
        }
        return counters;
    }

    /** One attempt (and its retries); the stage is the attempt's. */
    private java.util.concurrent.CompletableFuture<Long> bump(String counter, long deadline, long retryMillis,
            Pending pending) {
        versions.forget(counter);
        long nowMicros = MemcachedResponseStore.nowMicros();
        java.util.concurrent.CompletableFuture<Long> attempt = connector.client()
                .incr(counter, 1, nowMicros, 0)
                .thenCompose(value -> value != null && value < nowMicros
                        ? connector.client().incr(counter, nowMicros - value, nowMicros, 0)
                        : java.util.concurrent.CompletableFuture.completedFuture(value))
                .toCompletableFuture();
        attempt.whenComplete((value, error) -> {
            versions.forget(counter);       // a read that raced with the bump may have kept the old value
            if (error == null) {
                if (pending.waitedFor().get()) {
                    try {
                        lateBump.accept(pending.invalidation());
                    } catch (RuntimeException e) {
                        problems.warn("memcached-late-bump", "restcache: announcing a late Memcached bump failed (" + e + ")");
                    }
                }
                return;
            }
            if (System.currentTimeMillis() >= deadline) {
                problems.warn("memcached-bump-expired", "restcache: a Memcached version bump failed until every "
                        + "entry it was meant for expired (" + error + ")");
                return;
            }
            problems.warn("memcached-bump", "restcache: a Memcached version bump failed (" + error
                    + "); retrying until it succeeds");
            try {
                retries.schedule(() -> bump(counter, deadline, Math.min(MAX_RETRY_MILLIS, retryMillis * 2), pending),
                        retryMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the application is stopping
            }
        });
        return attempt;
    }
}
