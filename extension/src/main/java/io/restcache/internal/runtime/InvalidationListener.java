package io.restcache.internal.runtime;

/**
 * Hears every invalidation this node executes, before it reaches Redis: the hook through which the
 * fleet layer drops near-cache entries synchronously and announces the invalidation to other nodes.
 */
public interface InvalidationListener {

    void invalidating(Invalidation invalidation);

    /**
     * An attempt failed (it will be retried): other nodes may not hear of it until it succeeds, so this
     * node at least stops trusting what it holds in memory.
     */
    default void failed(Invalidation invalidation) {
    }
}
