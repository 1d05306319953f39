package io.restcache.spi;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Purges objects from the edge (a CDN, a Varnish) in front of restcache, by the keys restcache put on
 * them ({@code restcache.edge.surrogate-keys}). An application provides one as a CDI bean, or chooses a
 * built-in one with {@code restcache.edge.purger=varnish|fastly|cloudflare}.
 *
 * <p>restcache calls it with the keys of every invalidation, once per fleet (on the node that issued
 * the invalidation, after Redis confirmed it) and once more {@code restcache.near-cache.max-age} later,
 * when no node's near cache can still hold what was dropped (else the edge could refill from a stale
 * node and keep that copy for its whole lifetime). Calls come from restcache's own thread, never from a
 * request: a slow edge costs no request anything. A failed call is retried with backoff, a bounded
 * number of times; purges are idempotent.
 */
public interface EdgePurger {

    /**
     * Drops every object carrying any of these keys.
     *
     * @param keys the keys exactly as restcache emitted them (hashed unless {@code restcache.edge.raw-tags}),
     *        at most {@link #maxKeysPerCall()}
     * @return a stage that completes when the edge confirmed, or completes exceptionally (or the call
     *         throws) to have the purge retried
     */
    CompletionStage<Void> purge(Set<String> keys);

    /**
     * The most keys one call may carry; restcache splits larger purges.
     *
     * @return the most keys per call, 256 by default
     */
    default int maxKeysPerCall() {
        return 256;
    }
}
