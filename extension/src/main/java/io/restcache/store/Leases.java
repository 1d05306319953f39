package io.restcache.store;

import io.restcache.key.CacheKey;
import java.util.concurrent.CompletionStage;

/**
 * Fleet-wide single-flight: a short lease per variant ({@code SET key token NX PX}), so that one
 * request in the whole fleet computes a missing entry. A lease expires by itself if its node dies, and
 * is released only by its owner (the token).
 */
public interface Leases {

    /** @return whether this token now holds the variant's lease */
    CompletionStage<Boolean> acquire(CacheKey key, String token, long millis);

    /** Releases the lease if, and only if, this token still holds it. */
    CompletionStage<Boolean> release(CacheKey key, String token);
}
