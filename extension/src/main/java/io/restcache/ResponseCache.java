package io.restcache;

import java.util.Map;

/**
 * Programmatic invalidation. Inject it ({@code @Inject ResponseCache responses}). Each call drops the
 * matching entries in Redis and on every node's near cache; none of them ever scans the keyspace.
 */
public interface ResponseCache {

    /**
     * Drops every stored response that carries at least one of these tags.
     *
     * @param tags literal tag values, e.g. {@code "user:42"}
     */
    void invalidateTags(String... tags);

    /**
     * Drops every stored response of a path, for every query string, user and representation, e.g.
     * {@code invalidate("/users/42")}. The path is the request path relative to the application
     * root, without query string.
     */
    void invalidate(String path);

    /**
     * Drops one resource, all its variants: {@code invalidateResource("/search?q=redis")} drops that
     * query's entry and keeps the other queries of {@code /search}. Per-user resources are not reached
     * this way (use {@link #invalidateUser}).
     *
     * @param pathAndQuery the request path relative to the application root, with its query string
     */
    void invalidateResource(String pathAndQuery);

    /**
     * Drops one representation of a path and keeps the others: for example only the German
     * representation of {@code /users/42}, for every query string of that path.
     *
     * @param path the request path relative to the application root
     * @param variant the request header values that select the variant, by header name, e.g.
     *        {@code Map.of("Accept-Language", "de")}; dimensions not given count as absent
     */
    void invalidateVariant(String path, Map<String, String> variant);

    /** Drops every stored response that was keyed by this user's identity. */
    void invalidateUser(String principalName);

    /** Drops everything restcache stored, by moving to a new namespace generation (no KEYS, SCAN or FLUSH). */
    void invalidateAll();
}
