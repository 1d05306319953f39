package io.restcache.internal.store;

import io.restcache.internal.key.CacheKey;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Where entries live. Calls never throw: failures complete the stage exceptionally, and the caller
 * decides (within its time budget) to go on uncached.
 */
public interface ResponseStore {

    /** Whether the store can be used right now (connected); when false, requests go uncached at once. */
    boolean available();

    /** Reads one variant; completes with empty when absent or unreadable. */
    CompletionStage<Optional<CacheEntry>> read(CacheKey key);

    /**
     * The fleet-wide invalidation sequence, read when a fill starts (before the method runs); a store
     * whose tags were purged after this point is refused (see {@link #write}).
     */
    CompletionStage<Long> fillSequence();

    /**
     * Starts a fill in one round trip: reads the invalidation sequence (as {@link #fillSequence}) and,
     * unless the variant is fresh at {@code nowMillis} (stored by another fill since the caller's lookup:
     * then it is returned instead), tries to take the variant's fleet lease for {@code leaseToken}, which
     * expires by itself after {@code leaseMillis} and is released by {@link #write} or by
     * {@link Leases#release}.
     */
    CompletionStage<FillStart> startFill(CacheKey key, String leaseToken, long leaseMillis, long nowMillis);

    /**
     * Stores one variant, indexes it under its tags, and keeps its resource's hash alive at least
     * until {@code keyLifetimeMillis} from now (the hash's expiry only ever grows).
     *
     * <p>No stale refill: if any of the tags was purged after {@code fillSequence} was read, the
     * variant is removed again (or, where the store can tell atomically, never written) and the stage
     * completes with {@code false}.
     *
     * <p>When the stage completes normally, the fleet lease held by {@code leaseToken} (if not null) has
     * been released too, whatever the outcome; when it fails, the caller releases it.
     *
     * <p>A resource holds a bounded number of variants: a variant that is not there yet is not stored
     * when its resource is full ({@link StoreOutcome#VARIANT_LIMIT}); one already there is replaced.
     *
     * @return what became of the variant
     */
    CompletionStage<StoreOutcome> store(CacheKey key, CacheEntry entry, Set<TagRef> tags, long fillSequence,
            long keyLifetimeMillis, String leaseToken);

    /**
     * {@link #store}, reduced to whether the variant is stored.
     *
     * @return whether the variant is stored
     */
    default CompletionStage<Boolean> write(CacheKey key, CacheEntry entry, Set<TagRef> tags, long fillSequence,
            long keyLifetimeMillis, String leaseToken) {
        return store(key, entry, tags, fillSequence, keyLifetimeMillis, leaseToken)
                .thenApply(outcome -> outcome == StoreOutcome.STORED);
    }

    /**
     * Every variant stored under one resource, by variant field, for the admin inspector: entries that
     * cannot be decoded are left out. A store that cannot list a resource's variants answers empty.
     *
     * @param resourceKey the resource's key ({@link io.restcache.internal.key.CacheKey#resourceKey()})
     */
    default CompletionStage<java.util.Map<String, CacheEntry>> variants(String resourceKey) {
        return java.util.concurrent.CompletableFuture.completedFuture(java.util.Map.of());
    }
}
