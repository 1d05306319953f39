package io.restcache.internal.jaxrs;

import io.restcache.internal.config.EdgeSettings;
import io.restcache.internal.http.EdgeHeaders;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.EdgeKeys;
import io.restcache.internal.policy.AccessConstraint;
import io.restcache.internal.policy.CachePolicy;
import io.restcache.internal.runtime.RestCacheRuntime;
import io.restcache.internal.store.TagRef;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a cached method's response tells the edge in front (only with {@code restcache.edge.*} on): the
 * edge keeps exactly what restcache keeps, for no longer, and knows it by keys restcache purges.
 *
 * <ul>
 *   <li>a stored shared entry (as it is stored, and on each hit) carries its keys, its groups and an
 *       {@code s-maxage} that, with its {@code Age}, ends when restcache's freshness ends;
 *   <li>every other response of a cached method (not stored, bypassed, stale, too many keys) goes out
 *       with {@code s-maxage=0}: the edge would otherwise keep it under no key any purge names;
 *   <li>per-user responses are left alone: they are {@code private} already, so no edge stores them;
 *   <li>methods whose variants the edge cannot tell apart (keyed by cookies or contributors, which no
 *       {@code Vary} names) or that check roles (an edge serves anyone) are never handed to it.
 * </ul>
 */
final class EdgeLabels {

    private EdgeLabels() {
    }

    /** The edge may keep this stored entry until its freshness ends. */
    static void keep(MultivaluedMap<String, Object> headers, RestCacheRuntime runtime, CachePolicy policy,
            Set<TagRef> refs, Supplier<String> requestPath, CacheKey key, long freshUntilMillis) {
        EdgeSettings edge = runtime.settings().edge();
        if (!edge.labelsResponses() || policy.perUser()) {
            return;
        }
        String path = requestPath.get();     // only now: without an edge, a hit never works it out
        if (!edgeSafe(policy) || key == null || path == null) {
            refuse(headers, runtime, policy);
            return;
        }
        Optional<Long> age = age(headers);
        long remaining = freshUntilMillis - runtime.clock().millis();
        if (age.isEmpty() || remaining < 1000) {
            refuse(headers, runtime, policy);     // nothing whole left to hand over (or an Age we cannot read)
            return;
        }
        EdgeKeys keys = runtime.edgeKeys().orElseThrow();
        Optional<String> keyHeader = Optional.empty();
        if (edge.keyFormat() != EdgeSettings.KeyFormat.OFF) {
            keyHeader = EdgeHeaders.keys(keys.forEntry(refs, path, key.resourceId(), key.variantField()),
                    edge.keyFormat().separator(), edge.keyFormat().maxLength());
            if (keyHeader.isEmpty()) {
                runtime.metrics().count("edge.keys-too-long");
                refuse(headers, runtime, policy);
                return;
            }
        }
        Optional<String> cacheControl = EdgeHeaders.withSharedMaxAge(lines(headers),
                EdgeHeaders.sharedMaxAge(age.get(), remaining));
        if (cacheControl.isEmpty()) {
            return;     // private or no-store: no edge keeps it
        }
        headers.putSingle(HttpHeaders.CACHE_CONTROL, cacheControl.get());
        keyHeader.ifPresent(value -> headers.putSingle(edge.keyFormat().header(), value));
        if (edge.cacheGroups()) {
            List<String> groups = keys.groups(refs);
            if (!groups.isEmpty()) {
                headers.putSingle(EdgeHeaders.CACHE_GROUPS, EdgeHeaders.groups(groups));
            }
        }
    }

    /**
     * The edge must not keep this response: {@code s-maxage=0}, no keys.
     *
     * @return the response's {@code Cache-Control} lines as they were, when this changed them (what a
     *         stored entry must replay); null when it left the response alone
     */
    static List<String> refuse(MultivaluedMap<String, Object> headers, RestCacheRuntime runtime, CachePolicy policy) {
        EdgeSettings edge = runtime.settings().edge();
        if (!edge.labelsResponses() || policy.perUser()) {
            return null;
        }
        if (edge.keyFormat() != EdgeSettings.KeyFormat.OFF) {
            headers.remove(edge.keyFormat().header());
        }
        headers.remove(EdgeHeaders.CACHE_GROUPS);
        List<String> original = lines(headers);
        Optional<String> refused = EdgeHeaders.withSharedMaxAge(original, 0);
        if (refused.isEmpty()) {
            return null;
        }
        headers.putSingle(HttpHeaders.CACHE_CONTROL, refused.get());
        return original;
    }

    /** An unsafe request's response names the groups its invalidation dropped (RFC 9875 §3). */
    static void invalidated(MultivaluedMap<String, Object> headers, RestCacheRuntime runtime, Set<TagRef> refs) {
        if (!runtime.settings().edge().cacheGroups()) {
            return;
        }
        List<String> groups = runtime.edgeKeys().orElseThrow().groups(refs);
        if (!groups.isEmpty()) {
            headers.putSingle(EdgeHeaders.CACHE_GROUP_INVALIDATION, EdgeHeaders.groups(groups));
        }
    }

    /** Whether an edge, which keys by URL and {@code Vary} and checks no one, may hold the method's entries. */
    static boolean edgeSafe(CachePolicy policy) {
        return !policy.perUser() && policy.keySpec().varyCookies().isEmpty()
                && policy.keySpec().contributors().isEmpty() && policy.access().equals(AccessConstraint.NONE);
    }

    /** The response's Age in seconds: 0 when absent, empty when unreadable. */
    private static Optional<Long> age(MultivaluedMap<String, Object> headers) {
        Object age = headers.getFirst("Age");
        if (age == null) {
            return Optional.of(0L);
        }
        try {
            long seconds = Long.parseLong(age.toString().trim());
            return seconds >= 0 ? Optional.of(seconds) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> lines(MultivaluedMap<String, Object> headers) {
        List<Object> values = headers.get(HttpHeaders.CACHE_CONTROL);
        return values == null ? List.of() : values.stream().map(String::valueOf).toList();
    }
}
