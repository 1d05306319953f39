package io.restcache.runtime;

import io.restcache.key.UserHasher;
import io.restcache.store.Invalidator;
import io.restcache.store.TagRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * fails, it is retried with exponential backoff (100 ms doubling to 5 s) until it succeeds or until
 * every entry it could reach has expired anyway (the longest retention of any cached method), and
 * each failure is logged (rate-limited). Listeners (the fleet's near caches) hear it before Redis
 * does, so this node never serves what it is dropping.
 */
/** Executes invalidations against the store, with retries, and tells listeners. */
public final class InvalidationService {

    private static final Logger LOG = Logger.getLogger(InvalidationService.class.getName());
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 5_000;

    private final Invalidator invalidator;
    private final ScheduledExecutorService retries;
    private final LongSupplier retentionMillis;
    private final RateLimitedLog problems;
    private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();
    private final Supplier<Optional<UserHasher>> userHasher;
    private volatile InvalidationPublisher publisher = i -> CompletableFuture.completedFuture(null);
    private final CacheMetrics metrics;

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

    public void addListener(InvalidationListener listener) {
        listeners.add(listener);
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
        attempt(invalidation, done, System.currentTimeMillis() + retentionMillis.getAsLong(), FIRST_RETRY_MILLIS, 1);
        return done;
    }

    /** Submits and waits at most {@code max}; past it, the invalidation goes on in the background. */
    public boolean submitAndWait(Invalidation invalidation, Duration max) {
        try {
            submit(invalidation).get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private void attempt(Invalidation invalidation, CompletableFuture<Void> done, long deadline, long backoff,
            int attemptNumber) {
        CompletionStage<?> stage;
        try {
            stage = execute(invalidation).thenCompose(purged -> publisher.published(invalidation));
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, error) -> {
            if (error == null) {
                metrics.count("invalidation.ok");
                if (attemptNumber > 1) {
                    LOG.info(() -> "restcache: invalidation " + invalidation + " succeeded after " + attemptNumber
                            + " attempts");
                }
                done.complete(null);
                return;
            }
            listeners.forEach(l -> l.failed(invalidation));
            if (System.currentTimeMillis() + backoff > deadline) {
                metrics.count("invalidation.gave-up");
                LOG.severe(() -> "restcache: giving up on invalidation " + invalidation + " after " + attemptNumber
                        + " attempts; every entry it could reach has expired by now (" + error + ")");
                done.completeExceptionally(error);
                return;
            }
            metrics.count("invalidation.retry");
            problems.warn("invalidation", "restcache: invalidation failed (" + error + "); retrying in " + backoff
                    + " ms until it succeeds");
            try {
                retries.schedule(() -> attempt(invalidation, done, deadline, Math.min(backoff * 2, MAX_RETRY_MILLIS),
                        attemptNumber + 1), backoff, TimeUnit.MILLISECONDS);
            } catch (RuntimeException shutDown) {
                done.completeExceptionally(error);
            }
        });
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
