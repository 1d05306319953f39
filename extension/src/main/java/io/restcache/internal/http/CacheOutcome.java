package io.restcache.internal.http;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What restcache did with one request, as one typed value: {@link CacheStatus} formats it to RFC 9211
 * and the metrics count it ({@link #counters()}), so the header and the counters cannot disagree.
 *
 * @param fwd the RFC 9211 {@code fwd} reason ({@code miss}, {@code stale}, {@code request},
 *        {@code bypass}), or null when the answer came from the cache ({@code hit})
 * @param fwdStatus the status the method answered a forwarded request with
 * @param ttl the remaining freshness of the entry used, in seconds (negative: stale for that long)
 * @param stored whether the method's response was stored
 * @param collapsed whether this forwarded request was collapsed into another one and answered with its entry
 * @param detail why (the hit's source, the reason for not storing or bypassing), or null
 * @param counters the counters this outcome increments, e.g. {@code hit.near} or {@code miss} and
 *        {@code not-stored.status}
 */
public record CacheOutcome(String fwd, OptionalInt fwdStatus, OptionalLong ttl, boolean stored, boolean collapsed,
        String detail, List<String> counters) {

    public CacheOutcome {
        counters = List.copyOf(counters);
    }

    /** Served from the cache while fresh; {@code source} is {@code near} or {@code redis}. */
    public static CacheOutcome hit(long ttlSeconds, String source) {
        return new CacheOutcome(null, OptionalInt.empty(), OptionalLong.of(ttlSeconds), false, false, source,
                HIT_COUNTERS.computeIfAbsent(source, s -> List.of("hit." + s)));
    }

    /** Per source, the counters of a hit: one list each, not a new name and list on every hit. */
    private static final java.util.concurrent.ConcurrentHashMap<String, List<String>> HIT_COUNTERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Served stale while one request refreshes the entry (RFC 5861 §3): the cache answered without
     * forwarding this request, so it is a hit with a negative ttl (RFC 9211 §2.2).
     */
    public static CacheOutcome staleWhileRevalidate(long ttlSeconds) {
        return new CacheOutcome(null, OptionalInt.empty(), OptionalLong.of(ttlSeconds), false, false,
                "stale-while-revalidate", List.of("stale.stale-while-revalidate"));
    }

    /**
     * The request waited for another request for the same variant (the flight's leader, here or on
     * another node) and was answered with the entry it stored: collapsed into that forward (RFC 9211 §2.6).
     */
    public static CacheOutcome collapsed(String fwd, int entryStatus, long ttlSeconds) {
        return new CacheOutcome(fwd, OptionalInt.of(entryStatus), OptionalLong.of(ttlSeconds), false, true, null,
                List.of("hit.collapsed"));
    }

    /** Forwarded to the method, which failed with {@code status}; answered with the stale entry (RFC 5861 §4). */
    public static CacheOutcome staleIfError(int status, long ttlSeconds) {
        return new CacheOutcome("stale", OptionalInt.of(status), OptionalLong.of(ttlSeconds), false, false,
                "stale-if-error", List.of("stale.stale-if-error"));
    }

    /** Forwarded to the method (for the {@code fwd} reason given) and its response stored. */
    public static CacheOutcome stored(String fwd, int status) {
        return new CacheOutcome(fwd, OptionalInt.of(status), OptionalLong.empty(), true, false, null, List.of("miss"));
    }

    /** Forwarded to the method and its response not stored, for the reason given. */
    public static CacheOutcome notStored(String fwd, int status, String reason) {
        return new CacheOutcome(fwd, OptionalInt.of(status), OptionalLong.empty(), false, false, reason,
                List.of("miss", "not-stored." + reason));
    }

    /** The cache was not consulted; the method answered with {@code status}. */
    public static CacheOutcome bypass(int status, String reason) {
        return new CacheOutcome("bypass", OptionalInt.of(status), OptionalLong.empty(), false, false, reason,
                List.of("bypass." + reason));
    }

    /** Whether the answer came from the cache without forwarding the request. */
    public boolean hit() {
        return fwd == null;
    }
}
