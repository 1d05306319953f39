package io.restcache.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FreshnessTest {

    /** Sun, 06 Nov 1994 08:49:37 GMT. */
    private static final long NOW = 784111777000L;
    private static final Freshness.Limits LIMITS = new Freshness.Limits(Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ofSeconds(120));

    private static Optional<Freshness.Lifetime> lifetime(boolean honourCdn, String... namesAndValues) {
        Map<String, List<String>> headers = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.computeIfAbsent(namesAndValues[i], k -> new java.util.ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return Freshness.of(CacheDirectives.of(headers, honourCdn), headers, NOW, LIMITS);
    }

    private static Optional<Freshness.Lifetime> lifetime(String... namesAndValues) {
        return lifetime(false, namesAndValues);
    }

    private static long fresh(String... namesAndValues) {
        return lifetime(namesAndValues).orElseThrow().freshMillis();
    }

    @Test
    void noDirectives_theAnnotationDecides() {
        assertEquals(Optional.of(new Freshness.Lifetime(60_000, 30_000, 120_000, 0)), lifetime());
    }

    /** Regression: max-age, s-maxage and Expires set by the method were ignored. */
    @Test
    void responseLifetime_shorterThanTheAnnotation_wins() {
        assertEquals(5_000, fresh("cache-control", "max-age=5"));
        assertEquals(3_000, fresh("cache-control", "max-age=5, s-maxage=3"));
        assertEquals(10_000, fresh("expires", "Sun, 06 Nov 1994 08:49:47 GMT", "date", "Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(60_000, fresh("cache-control", "max-age=600"), "a response cannot lengthen the annotation's TTL");
    }

    @Test
    void alreadyStale_isNotStored() {
        assertEquals(Optional.empty(), lifetime("cache-control", "s-maxage=0"));
        assertEquals(Optional.empty(), lifetime("cache-control", "max-age=0"));
        assertEquals(Optional.empty(), lifetime("cache-control", "max-age=banana"));
        assertEquals(Optional.empty(), lifetime("expires", "0"));
        assertEquals(Optional.empty(), lifetime("expires", "Sun, 06 Nov 1994 08:49:30 GMT"));
        assertEquals(Optional.empty(), lifetime("cache-control", "max-age=5", "age", "5"));
    }

    @Test
    void maxAge_overridesExpires() {
        assertEquals(20_000, fresh("cache-control", "max-age=20", "expires", "0"));
    }

    /** An upstream Age uses up part of the response's own freshness, and is kept to add to restcache's Age. */
    @Test
    void upstreamAge_isDeducted_andReported() {
        Freshness.Lifetime l = lifetime("cache-control", "max-age=30", "age", "10").orElseThrow();
        assertEquals(20_000, l.freshMillis());
        assertEquals(10_000, l.ageMillis());
    }

    /** Found by the conformance suite (age-parse): an unreadable Age was taken as 0 and the response stored. */
    @Test
    void unreadableAge_orSeveralAgeValues_isNotStored() {
        for (String age : List.of("bogus", "-7200", "7200.0", "7200a", "7200;x=1", "")) {
            assertEquals(Optional.empty(), lifetime("cache-control", "max-age=3600", "age", age), age);
        }
        assertEquals(Optional.empty(), lifetime("cache-control", "max-age=3600", "age", "0, 7200"));
        assertEquals(Optional.empty(), lifetime("cache-control", "max-age=3600", "age", "0", "age", "7200"));
        assertEquals(Optional.empty(), lifetime("cache-control", "max-age=30", "age", "5", "age", "10"),
                "several Age lines: not one delta-seconds");
        assertEquals(Optional.empty(), lifetime("cache-control", "max-age=3600", "age", "0, 0"), "a list, even of equal values");
        assertEquals(Optional.empty(), lifetime("cache-control", "max-age=10000", "age", "3600", "age", "3600"));
    }

    @Test
    void mustRevalidate_andSharedLimits_forbidServingStale() {
        for (String cc : List.of("must-revalidate", "proxy-revalidate", "s-maxage=10")) {
            Freshness.Lifetime l = lifetime("cache-control", cc).orElseThrow();
            assertEquals(0, l.staleWhileRevalidateMillis(), cc);
            assertEquals(0, l.staleIfErrorMillis(), cc);
        }
    }

    @Test
    void responseStaleWindows_canOnlyShortenTheAnnotations() {
        Freshness.Lifetime l = lifetime("cache-control", "stale-while-revalidate=5, stale-if-error=600").orElseThrow();
        assertEquals(5_000, l.staleWhileRevalidateMillis());
        assertEquals(120_000, l.staleIfErrorMillis());
        assertEquals(60_000 + 120_000, l.retentionMillis());
    }

    /** RFC 9213: restcache's own field is always obeyed and replaces Cache-Control (and Expires) for it. */
    @Test
    void restcacheField_replacesCacheControl() {
        assertEquals(7_000, fresh("cache-control", "max-age=1", "restcache-cache-control", "max-age=7"));
        assertEquals(60_000, fresh("expires", "0", "restcache-cache-control", "public"));
    }

    @Test
    void cdnCacheControl_onlyWhenHonoured() {
        assertEquals(60_000, lifetime(false, "cdn-cache-control", "max-age=4").orElseThrow().freshMillis());
        assertEquals(4_000, lifetime(true, "cdn-cache-control", "max-age=4").orElseThrow().freshMillis());
        assertEquals(2_000, lifetime(true, "cdn-cache-control", "max-age=4", "restcache-cache-control", "max-age=2")
                .orElseThrow().freshMillis());
    }

    private static final Freshness.Limits ORIGIN = new Freshness.Limits(Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ZERO, true, Duration.ofHours(1));

    private static Optional<Freshness.Lifetime> origin(String... namesAndValues) {
        Map<String, List<String>> headers = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return Freshness.of(CacheDirectives.of(headers, false), headers, NOW, ORIGIN);
    }

    /** Origin-driven: the response's freshness decides, up to the cap; the annotation's TTL is the default. */
    @Test
    void originDriven_theResponseDecides_upToTheCap() {
        assertEquals(600_000, origin("cache-control", "max-age=600").orElseThrow().freshMillis());
        assertEquals(3_600_000, origin("cache-control", "s-maxage=86400").orElseThrow().freshMillis());
        assertEquals(60_000, origin().orElseThrow().freshMillis());
        assertEquals(5_000, origin("cache-control", "max-age=5").orElseThrow().freshMillis());
        assertEquals(Optional.empty(), origin("cache-control", "max-age=0"));
    }

    @Test
    void originDriven_staleWindows_areCappedByTheAnnotation() {
        Freshness.Lifetime l = origin("cache-control", "max-age=10, stale-while-revalidate=300, stale-if-error=300")
                .orElseThrow();
        assertEquals(30_000, l.staleWhileRevalidateMillis());
        assertEquals(0, l.staleIfErrorMillis());
    }
}
