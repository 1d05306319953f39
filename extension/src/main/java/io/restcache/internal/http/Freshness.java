package io.restcache.internal.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long a response restcache stores stays fresh, and how long it may then be served stale (RFC 9111
 * §4.2.1, RFC 5861). By default the method's annotation sets the limits and the response can only
 * shorten them — the smaller freshness wins, so that restcache never serves a response for longer than
 * its origin said it may be reused. In the origin-driven mode the response's own freshness decides (up
 * to a cap) and the annotation's TTL applies only where the response states none. In both modes the
 * annotation's stale windows cap the response's. Pure: headers and a time in, a lifetime out.
 *
 * <p>From the directives in use ({@link CacheDirectives}): {@code s-maxage}, else {@code max-age}, else
 * (for {@code Cache-Control} only) {@code Expires} minus {@code Date} give the response's freshness
 * lifetime, from which its {@code Age} (added by an upstream cache) has already been used up; an
 * {@code Age} that is not delta-seconds leaves the age unknown, and the response is not stored. An invalid
 * {@code Expires} or {@code max-age} means already stale (§5.3, §4.2.1). {@code must-revalidate},
 * {@code proxy-revalidate} and {@code s-maxage} forbid serving it stale (§4.2.4); its own
 * {@code stale-while-revalidate} / {@code stale-if-error} can shorten the annotation's windows.
 */
public final class Freshness {

    private Freshness() {
    }

    /**
     * restcache's limits for one method.
     *
     * @param ttl the annotation's freshness
     * @param staleWhileRevalidate the annotation's stale-while-revalidate window
     * @param staleIfError the annotation's stale-if-error window
     * @param originDriven whether the response's own values decide (else they can only shorten the annotation's)
     * @param originMax in the origin-driven mode, the longest freshness a response may claim
     */
    public record Limits(Duration ttl, Duration staleWhileRevalidate, Duration staleIfError, boolean originDriven,
            Duration originMax) {

        /** Annotation-driven limits. */
        public Limits(Duration ttl, Duration staleWhileRevalidate, Duration staleIfError) {
            this(ttl, staleWhileRevalidate, staleIfError, false, Duration.ZERO);
        }
    }

    /**
     * What a stored response is allowed.
     *
     * @param freshMillis how long from now it is fresh (&gt; 0)
     * @param staleWhileRevalidateMillis how long past that it may be served while refreshing
     * @param staleIfErrorMillis how long past that it may be served when the method fails
     * @param ageMillis the age it already had when it was stored (its upstream {@code Age})
     */
    public record Lifetime(long freshMillis, long staleWhileRevalidateMillis, long staleIfErrorMillis, long ageMillis) {

        /** How long the entry is worth keeping at all: fresh plus the longer stale window. */
        public long retentionMillis() {
            return freshMillis + Math.max(staleWhileRevalidateMillis, staleIfErrorMillis);
        }
    }

    /**
     * @param directives the response's directives in use
     * @param headers response headers by lower-case name ({@code expires}, {@code date}, {@code age})
     * @param nowMillis the time it is stored
     * @param limits the method's annotation values
     * @return its lifetime, or empty when it is already stale (then it is not stored)
     */
    public static Optional<Lifetime> of(CacheDirectives directives, Map<String, List<String>> headers, long nowMillis,
            Limits limits) {
        CacheControl cc = directives.directives();
        long ageMillis = age(headers);
        if (ageMillis < 0) {
            return Optional.empty();    // an Age we cannot read: how much freshness is used up is unknown
        }
        long fresh = limits.ttl().toMillis();
        Optional<Long> own = ownLifetimeMillis(directives, headers, nowMillis);
        if (own.isPresent()) {
            long remaining = own.get() - ageMillis;
            fresh = limits.originDriven() ? Math.min(limits.originMax().toMillis(), remaining) : Math.min(fresh, remaining);
        }
        if (fresh <= 0) {
            return Optional.empty();
        }
        boolean noStale = cc.has("must-revalidate") || cc.has("proxy-revalidate") || cc.has("s-maxage");
        long swr = noStale ? 0 : window(cc, "stale-while-revalidate", limits.staleWhileRevalidate());
        long sie = noStale ? 0 : window(cc, "stale-if-error", limits.staleIfError());
        return Optional.of(new Lifetime(fresh, swr, sie, ageMillis));
    }

    /** The response's own freshness lifetime (before its age is deducted), if it states one. */
    private static Optional<Long> ownLifetimeMillis(CacheDirectives directives, Map<String, List<String>> headers,
            long nowMillis) {
        CacheControl cc = directives.directives();
        for (String directive : List.of("s-maxage", "max-age")) {
            if (cc.has(directive)) {
                return Optional.of(cc.seconds(directive).map(Freshness::millis).orElse(0L));
            }
        }
        List<String> expires = headers.get("expires");
        if (!directives.general() || expires == null || expires.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> expiresAt = expires.size() == 1 ? HttpDates.parse(expires.get(0)) : Optional.empty();
        if (expiresAt.isEmpty()) {
            return Optional.of(0L);     // an invalid Expires (e.g. "0") means already expired (§5.3)
        }
        List<String> date = headers.get("date");
        long dateMillis = date == null || date.isEmpty() ? nowMillis
                : HttpDates.parse(date.get(0)).orElse(nowMillis);
        return Optional.of(expiresAt.get() - dateMillis);
    }

    /** In both modes the annotation's stale window caps the response's: it bounds what a lookup may serve. */
    private static long window(CacheControl cc, String directive, Duration annotated) {
        long limit = annotated.toMillis();
        return cc.seconds(directive).map(s -> Math.min(limit, millis(s))).orElse(limit);
    }

    /**
     * The response's {@code Age} in millis: what an upstream cache already used of its freshness. RFC 9111
     * §5.1 defines it as one delta-seconds; several values (lines or list members, even equal ones) or
     * anything else (a sign, a fraction, a parameter, a suffix) give -1: the age is unknown, so restcache
     * does not store it (the conformance suite's age-parse tests read a list as stale, too).
     */
    private static long age(Map<String, List<String>> headers) {
        List<String> lines = headers.get("age");
        if (lines == null || lines.isEmpty()) {
            return 0;
        }
        if (lines.size() > 1) {
            return -1;
        }
        String v = lines.get(0).trim();
        if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;                  // a list ("0, 0") fails here too: ',' is not a digit
        }
        return v.length() > 12 ? Long.MAX_VALUE / 2 : millis(Long.parseLong(v));
    }

    private static long millis(long seconds) {
        return seconds > Long.MAX_VALUE / 2000 ? Long.MAX_VALUE / 2 : seconds * 1000;
    }
}
