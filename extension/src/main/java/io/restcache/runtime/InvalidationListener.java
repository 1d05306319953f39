package io.restcache.runtime;

/**
 * Hears every invalidation this node executes, before it reaches Redis: the hook through which the
 * fleet layer drops near-cache entries synchronously and announces the invalidation to other nodes.
 */
public interface InvalidationListener {

    void invalidating(Invalidation invalidation);
}
