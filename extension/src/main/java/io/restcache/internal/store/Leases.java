package io.restcache.internal.store;

import io.restcache.internal.key.CacheKey;
import java.util.concurrent.CompletionStage;

/**
 * Fleet-wide single-flight: a short lease per variant ({@code SET key token NX PX}), so that one
 * request in the whole fleet computes a missing entry. A lease expires by itself if its node dies, and
 * is released only by its owner (the token). On the request path a lease is taken by
 * {@link ResponseStore#startFill} and released by {@link ResponseStore#write} in the same round trips
 * as the fill's other steps; this interface serves the fills that end without a store.
 */
public interface Leases {

    /** Releases the lease if, and only if, this token still holds it. */
    CompletionStage<Boolean> release(CacheKey key, String token);
}
