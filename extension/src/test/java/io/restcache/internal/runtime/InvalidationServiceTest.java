package io.restcache.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.restcache.internal.store.Invalidator;
import io.restcache.internal.store.TagRef;
import io.restcache.internal.store.redis.ReplicatedWrites;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvalidationServiceTest {

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        retries.shutdownNow();
    }

    /**
     * Applied on the primaries but confirmed by no replica: retried, and the fleet told at once — a lazy
     * purge's epochs reach other nodes only through the message, so waiting for a replica to come back
     * would leave them serving what it superseded.
     */
    @Test
    void aPurgeAppliedButNotReplicated_isPublishedAtOnce_andStillRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger published = new AtomicInteger();
        InvalidationService service = service(() -> attempts.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new ReplicatedWrites.UnreplicatedWrite(1, 0, Duration.ofMillis(250)))
                : CompletableFuture.completedFuture(0), published);

        CompletableFuture<Void> done = service.submit(new Invalidation.Indexed(Set.of(TagRef.tag("t"))));
        assertEquals(1, published.get(), "told the fleet after the unconfirmed attempt");
        assertFalse(done.isDone(), "not done: a failover could still lose it");
        done.get(5, TimeUnit.SECONDS);
        assertEquals(2, attempts.get(), "retried until a replica confirmed");
        assertEquals(2, published.get(), "and told again when it succeeded");
    }

    @Test
    void aPurgeThatFailed_isNotPublished_untilItsRetrySucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger published = new AtomicInteger();
        InvalidationService service = service(() -> attempts.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("connection refused"))
                : CompletableFuture.completedFuture(0), published);

        CompletableFuture<Void> done = service.submit(new Invalidation.Indexed(Set.of(TagRef.tag("t"))));
        assertEquals(0, published.get(), "nothing was applied: nothing to tell");
        done.get(5, TimeUnit.SECONDS);
        assertEquals(1, published.get());
    }

    private InvalidationService service(Supplier<CompletionStage<Integer>> purge, AtomicInteger published) {
        Invalidator invalidator = new Invalidator() {
            @Override
            public CompletionStage<Integer> purge(Collection<TagRef> refs) {
                return purge.get();
            }

            @Override
            public CompletionStage<Integer> purgeVariants(TagRef scope, Set<String> variantFields) {
                return purge.get();
            }

            @Override
            public CompletionStage<Void> purgeResources(Collection<String> resourceIds) {
                return purge.get().thenApply(n -> null);
            }

            @Override
            public CompletionStage<Long> bumpGeneration() {
                return purge.get().thenApply(n -> 1L);
            }
        };
        InvalidationService service = new InvalidationService(invalidator, retries, () -> 60_000,
                new RateLimitedLog(Logger.getLogger("test"), 1_000), Optional::empty, new CacheMetrics());
        service.setPublisher(invalidation -> {
            published.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
        return service;
    }
}
