package io.restcache.bench;

import java.util.List;

/** The throughput scenarios, in report order. Add one here (and its endpoint in the WAR) to measure it. */
final class Scenarios {

    static final String CEILING = "ceiling";
    static final String BASELINE = "baseline";
    static final String MISS = "miss";
    static final String UNCACHED_UNIQUE = "uncached-unique";
    static final String BASELINE_MISS = "baseline-miss";

    private Scenarios() {
    }

    static List<Scenario> all() {
        // The Redis hit's endpoint in the copy of the WAR whose near cache is on (WarVariants). A restcache
        // without a near cache answers no hit with detail=near: the rows then say so.
        Scenario nearHit = Scenario.of("near-hit", "restcache near-cache hit", "/cached/%s", false, "restcache; hit", 0)
                .at(WarVariants.NEAR_CONTEXT_ROOT)
                .onlyIf("detail=near", "near cache not implemented");
        Scenario redisHit = Scenario.of("redis-hit", "restcache Redis hit", "/cached/%s", false, "restcache; hit", 0);
        return List.of(
                Scenario.of(CEILING, "ceiling: precomputed bytes, no cache", "/ceiling/%s", false, null, 1),
                nearHit,
                nearHit.acceptingGzip("near-hit-gzip", "restcache near-cache hit, client accepts gzip"),
                redisHit,
                // restcache stores compressed bodies: a client that accepts gzip gets them as stored
                redisHit.acceptingGzip("redis-hit-gzip", "restcache Redis hit, client accepts gzip"),
                Scenario.of("redis-hit-20-tags", "restcache Redis hit, entry with 20 tags", "/cached-20-tags/%s", false,
                        "restcache; hit", 0),
                Scenario.of(BASELINE, "hand-written RBucket cache-aside hit", "/baseline/%s", false, null, 0),
                Scenario.of("slow", "uncached, 20 ms backend", "/slow/%s", false, null, 1),
                Scenario.of(MISS, "restcache miss + store (JSON-B method)", "/miss/%s", true, "fwd=miss; fwd-status=200; stored", 1),
                Scenario.of("miss-20-tags", "restcache miss + store, 20 tags (JSON-B method)", "/miss-20-tags/%s", true,
                        "fwd=miss; fwd-status=200; stored", 1),
                Scenario.of(BASELINE_MISS, "hand-written cache-aside miss + store (same JSON-B method)",
                        "/baseline-miss/%s", true, null, 1),
                Scenario.of(UNCACHED_UNIQUE, "uncached (same JSON-B method)", "/uncached-unique/%s", true, null, 1));
    }
}
