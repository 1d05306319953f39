package io.restcache.internal.policy;

import io.restcache.internal.key.KeySpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Everything restcache needs to know about one {@code @Cached} method, compiled once at deployment.
 *
 * @param methodId {@code Class#method}, for messages and metrics
 * @param template the route template, to match paths against outside a request
 * @param route the identity of the route in keys: method id and route template
 * @param ttl how long entries stay fresh
 * @param staleWhileRevalidate how long past the TTL a stale entry may be served while refreshing (zero: never)
 * @param staleIfError how long past the TTL a stale entry may be served when the method fails (zero: never)
 * @param statuses the statuses that may be stored
 * @param shared whether authenticated callers may share entries
 * @param maxBodySize the largest body, in bytes, that is stored
 * @param keySpec what the key is made of
 * @param tags the tag templates of {@code @CacheTags}
 * @param varyResponseHeader the value of the {@code Vary} response header, empty when the key varies on no header
 * @param keyedRequestHeaders the request headers (lower case) the key covers; a response whose own
 *        {@code Vary} names any other header is not stored
 * @param access the role constraints a caller must satisfy to be served from the cache
 * @param originDriven whether the response's own headers decide its freshness (the annotation's values
 *        are then defaults, see {@code Cached#freshness()}) rather than only shorten it
 * @param store which store holds the entries
 */
public record CachePolicy(
        String methodId,
        RouteTemplate template,
        String route,
        Duration ttl,
        Duration staleWhileRevalidate,
        Duration staleIfError,
        Set<Integer> statuses,
        boolean shared,
        int maxBodySize,
        KeySpec keySpec,
        List<TagTemplate> tags,
        String varyResponseHeader,
        Set<String> keyedRequestHeaders,
        AccessConstraint access,
        boolean originDriven,
        io.restcache.internal.store.StoreKind store) {

    /** A policy whose entries live in Redis. */
    public CachePolicy(String methodId, RouteTemplate template, String route, Duration ttl,
            Duration staleWhileRevalidate, Duration staleIfError, Set<Integer> statuses, boolean shared,
            int maxBodySize, KeySpec keySpec, List<TagTemplate> tags, String varyResponseHeader,
            Set<String> keyedRequestHeaders, AccessConstraint access, boolean originDriven) {
        this(methodId, template, route, ttl, staleWhileRevalidate, staleIfError, statuses, shared, maxBodySize,
                keySpec, tags, varyResponseHeader, keyedRequestHeaders, access, originDriven,
                io.restcache.internal.store.StoreKind.REDIS);
    }

    /** An annotation-driven policy. */
    public CachePolicy(String methodId, RouteTemplate template, String route, Duration ttl,
            Duration staleWhileRevalidate, Duration staleIfError, Set<Integer> statuses, boolean shared,
            int maxBodySize, KeySpec keySpec, List<TagTemplate> tags, String varyResponseHeader,
            Set<String> keyedRequestHeaders, AccessConstraint access) {
        this(methodId, template, route, ttl, staleWhileRevalidate, staleIfError, statuses, shared, maxBodySize,
                keySpec, tags, varyResponseHeader, keyedRequestHeaders, access, false);
    }

    public CachePolicy {
        statuses = Set.copyOf(statuses);
        tags = List.copyOf(tags);
        keyedRequestHeaders = Set.copyOf(keyedRequestHeaders);
    }

    public boolean perUser() {
        return keySpec.varyByUser();
    }

    /** How long the entry is worth keeping at all: its freshness plus the longer of its stale windows. */
    public Duration retention() {
        return ttl.plus(staleWhileRevalidate.compareTo(staleIfError) >= 0 ? staleWhileRevalidate : staleIfError);
    }
}
