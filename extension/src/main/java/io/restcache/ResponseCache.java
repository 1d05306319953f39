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
     * Drops every stored response of a path, for every query string, user, representation and host
     * name (origin), e.g. {@code invalidate("/users/42")}. The path is the request path relative to the application
     * root, without query string.
     *
     * @param path the request path relative to the application root, without query string
     */
    void invalidate(String path);

    /**
     * Drops one resource, all its variants: {@code invalidateResource("/search?q=redis")} drops that
     * query's entry and keeps the other queries of {@code /search}. Per-user resources are not reached
     * this way (use {@link #invalidateUser}).
     *
     * <p>When keys include the origin ({@code restcache.key.authority=include}, the default) the resource
     * exists once per host name it was requested under, and restcache does not list those: this form then
     * drops the whole path, as {@link #invalidate(String)} does, on every origin (more than asked, never
     * less). Name the origin with {@link #invalidateResource(String, String)} to drop just one resource.
     *
     * @param pathAndQuery the request path relative to the application root, with its query string
     */
    void invalidateResource(String pathAndQuery);

    /**
     * Drops one resource of one origin, all its variants:
     * {@code invalidateResource("https://tenant-a.example.com", "/search?q=redis")}. With
     * {@code restcache.key.authority=ignore} the origin is not part of any key and is ignored.
     *
     * @param origin the scheme and authority the resource was requested under, exactly as the application
     *        sees them in {@code UriInfo.getBaseUri()}: {@code scheme://host[:port]}
     * @param pathAndQuery the request path relative to the application root, with its query string
     * @throws IllegalArgumentException when {@code origin} is not {@code scheme://host[:port]}
     */
    void invalidateResource(String origin, String pathAndQuery);

    /**
     * Drops one representation of a path and keeps the others: for example only the German
     * representation of {@code /users/42}, for every query string and origin (host name) of that path.
     *
     * @param path the request path relative to the application root
     * @param variant the request header values that select the variant, by header name, e.g.
     *        {@code Map.of("Accept-Language", "de")}; dimensions not given count as absent
     */
    void invalidateVariant(String path, Map<String, String> variant);

    /**
     * Drops every stored response that was keyed by this user's identity.
     *
     * @param principalName the principal's name, as the application sees it
     */
    void invalidateUser(String principalName);

    /** Drops everything restcache stored, by moving to a new namespace generation (no KEYS, SCAN or FLUSH). */
    void invalidateAll();
}
