package io.restcache.store;

import io.restcache.key.CacheKey;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where entries live. Calls never throw: failures complete the stage exceptionally, and the caller
 * decides (within its time budget) to go on uncached.
 */
public interface ResponseStore {

    /** Reads one variant; completes with empty when absent or unreadable. */
    CompletionStage<Optional<CacheEntry>> read(CacheKey key);

    /**
     * Stores one variant and keeps its resource's hash alive at least until {@code keyLifetimeMillis}
     * from now (the hash's expiry only ever grows, so a short-lived variant never cuts a long one short).
     */
    CompletionStage<Void> write(CacheKey key, CacheEntry entry, long keyLifetimeMillis);

    /** Whether the store can be used right now (connected); when false, requests go uncached at once. */
    boolean available();
}
