package io.restcache;

/**
 * The current request's view of the cache, for what a resource method learns only while it runs.
 * Inject it ({@code @Inject CacheContext cache}); it is request-scoped.
 */
public interface CacheContext {

    /**
     * Adds tags to the response being computed, on top of the method's {@link CacheTags}: a feed
     * tags every author it contains, so that an edit by any of them drops it.
     *
     * @param tags literal tag values (no templates); blank values are rejected
     * @throws IllegalArgumentException if a tag is null or blank
     */
    void tag(String... tags);

    /**
     * Tells restcache not to store the response being computed, whatever its policy says: the method
     * found something that makes this one answer unfit to share (a partial result, a degraded backend).
     */
    void doNotStore();
}
