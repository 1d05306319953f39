package io.restcache.internal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.key.CacheKey;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.TagRef;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NearCacheTest {

    private final AtomicLong nanos = new AtomicLong();
    private NearCache near;

    @BeforeEach
    void usable() {
        near = new NearCache(1_000_000, Duration.ofSeconds(3), nanos::get);
        near.usable(true);
    }

    @Test
    void put_thenGet_untilTheMaximumAge() {
        CacheKey key = key("r1", "v1");
        near.put(key, entry(Set.of(TagRef.tag("user:1"))), near.epoch());
        assertTrue(near.get(key, true).isPresent());
        nanos.addAndGet(Duration.ofMillis(2_999).toNanos());
        assertTrue(near.get(key, true).isPresent());
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        assertTrue(near.get(key, true).isEmpty(), "past the maximum age an entry is never used");
    }

    @Test
    void anEntryThatReplacesAnExpiredOne_staysReachableByItsTags() {
        CacheKey key = key("r", "v");
        near.put(key, entry(Set.of(TagRef.tag("post:1"))), near.epoch());
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());          // the first entry has expired
        near.put(key, entry(Set.of(TagRef.tag("post:1"))), near.epoch());
        assertTrue(near.get(key, true).isPresent());

        near.drop(List.of(TagRef.tag("post:1")));

        assertTrue(near.get(key, true).isEmpty(), "the expired entry's removal must not unlink its successor");
    }

    @Test
    void aReplacedEntry_unlinksTheTagsItsSuccessorDoesNotHave() {
        CacheKey key = key("r", "v");
        for (int n = 0; n < 100; n++) {
            near.put(key, entry(Set.of(TagRef.tag("author:" + n), TagRef.tag("feed"))), near.epoch());
        }
        assertEquals(0, near.linkedUnder(TagRef.tag("author:0")), "run-time tags of replaced entries are unlinked");
        assertEquals(1, near.linkedUnder(TagRef.tag("author:99")));
        assertEquals(1, near.linkedUnder(TagRef.tag("feed")));
        near.drop(List.of(TagRef.tag("author:99")));
        assertTrue(near.get(key, true).isEmpty());
    }

    @Test
    void drop_reachesExactlyTheEntriesIndexedUnderTheTag() {
        CacheKey a = key("ra", "v");
        CacheKey b = key("rb", "v");
        near.put(a, entry(Set.of(TagRef.tag("user:1"), TagRef.path("/a"))), near.epoch());
        near.put(b, entry(Set.of(TagRef.tag("user:2"), TagRef.path("/b"))), near.epoch());

        near.drop(List.of(TagRef.tag("user:1")));

        assertTrue(near.get(a, true).isEmpty());
        assertTrue(near.get(b, true).isPresent());
    }

    @Test
    void dropVariants_keepsTheOtherVariantsOfThePath() {
        CacheKey en = key("r", "en");
        CacheKey de = key("r", "de");
        near.put(en, entry(Set.of(TagRef.path("/g"))), near.epoch());
        near.put(de, entry(Set.of(TagRef.path("/g"))), near.epoch());

        near.dropVariants(TagRef.path("/g"), Set.of("de"));

        assertTrue(near.get(de, true).isEmpty());
        assertTrue(near.get(en, true).isPresent());
    }

    @Test
    void dropResources_dropsEveryVariantOfTheResource() {
        near.put(key("r", "1"), entry(Set.of()), near.epoch());
        near.put(key("r", "2"), entry(Set.of()), near.epoch());
        near.put(key("s", "1"), entry(Set.of()), near.epoch());

        near.dropResources(List.of("k:r"));

        assertTrue(near.get(key("r", "1"), true).isEmpty());
        assertTrue(near.get(key("r", "2"), true).isEmpty());
        assertTrue(near.get(key("s", "1"), true).isPresent());
    }

    /** Regression: a fill that read Redis before a drop must not leave its entry behind after the drop. */
    @Test
    void put_afterADropThatHappenedSinceTheReadStarted_isRefused() {
        long epochBeforeRead = near.epoch();
        near.drop(List.of(TagRef.tag("user:1")));          // an invalidation while the fill read Redis
        near.put(key("r", "v"), entry(Set.of(TagRef.tag("user:1"))), epochBeforeRead);
        assertTrue(near.get(key("r", "v"), true).isEmpty());
    }

    @Test
    void replacingAnEntry_keepsItReachableByItsTags() {
        CacheKey k = key("r", "v");
        near.put(k, entry(Set.of(TagRef.tag("t"))), near.epoch());
        near.put(k, entry(Set.of(TagRef.tag("t"))), near.epoch());
        near.drop(List.of(TagRef.tag("t")));
        assertTrue(near.get(k, true).isEmpty());
    }

    @Test
    void unusable_neitherServesNorKeeps_andClears() {
        CacheKey k = key("r", "v");
        near.put(k, entry(Set.of()), near.epoch());
        near.usable(false);
        assertTrue(near.get(k, true).isEmpty());
        near.put(k, entry(Set.of()), near.epoch());
        near.usable(true);
        assertTrue(near.get(k, true).isEmpty(), "resuming starts from an empty cache");
        assertFalse(near.size() > 0);
    }

    @Test
    void trackingDown_neitherServesNorKeeps_andTrackingBackStartsEmpty() {
        CacheKey k = key("r", "v");
        near.put(k, entry(Set.of()), near.epoch());
        near.tracked(false);
        assertFalse(near.usable());
        assertTrue(near.get(k, true).isEmpty());
        near.put(k, entry(Set.of()), near.epoch());
        near.tracked(true);
        assertTrue(near.usable());
        assertTrue(near.get(k, true).isEmpty(), "tracking back starts from an empty cache");
        near.put(k, entry(Set.of()), near.epoch());
        assertTrue(near.get(k, true).isPresent());
    }

    @Test
    void trackingAnnouncement_dropsEveryVariantOfThatResourceOnly() {
        CacheKey v1 = key("r1", "v1");
        CacheKey v2 = key("r1", "v2");
        CacheKey other = key("r2", "v1");
        for (CacheKey k : java.util.List.of(v1, v2, other)) {
            near.put(k, entry(Set.of()), near.epoch());
        }
        near.dropResources(java.util.List.of(v1.resourceKey()));
        assertTrue(near.get(v1, true).isEmpty());
        assertTrue(near.get(v2, true).isEmpty(), "tracking is per key: one resource hash holds every variant");
        assertTrue(near.get(other, true).isPresent());
    }

    @Test
    void gzipEntry_isServedDecodedOnceToIdentityClients_andAsStoredToGzipClients() {
        byte[] json = json("alice");
        CacheEntry gzipped = gzipped(json);
        CacheKey k = key("r", "v");
        near.put(k, gzipped, near.epoch());

        CacheEntry forGzip = near.get(k, true).orElseThrow();
        CacheEntry forIdentity = near.get(k, false).orElseThrow();
        assertTrue(forGzip.gzipped());
        assertFalse(forIdentity.gzipped());
        org.junit.jupiter.api.Assertions.assertArrayEquals(json, forIdentity.body());
        assertEquals(gzipped.etag(), forIdentity.etag());
    }

    @Test
    void gzipEntry_withTheFillsIdentityBody_keepsThatBody_insteadOfDecodingAgain() {
        byte[] json = json("bob");
        CacheEntry gzipped = gzipped(json);
        CacheKey k = key("r", "v");
        near.put(k, gzipped, json, near.epoch());

        // the very array the fill captured: a decode would have produced an equal but new one
        org.junit.jupiter.api.Assertions.assertSame(json, near.get(k, false).orElseThrow().body());
        assertTrue(near.get(k, true).orElseThrow().gzipped());
    }

    @Test
    void memoryBound_evictsBeyondTheByteLimit() {
        NearCache small = new NearCache(20_000, Duration.ofSeconds(3), nanos::get);
        small.usable(true);
        for (int i = 0; i < 50; i++) {
            small.put(key("r" + i, "v"), entry(Set.of()), small.epoch());
        }
        assertTrue(small.size() <= 20_000 / (1_000 + 512) + 1, "size " + small.size());
        assertEquals(true, small.size() > 0);
    }

    private static byte[] json(String name) {
        return ("{\"name\":\"" + name + "\"},").repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A fresh entry holding the body gzipped, as Redis holds it. */
    private static CacheEntry gzipped(byte[] body) {
        return new CacheEntry(200, true, List.of(), "\"e\"", 0, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2,
                io.restcache.internal.http.ContentCoding.gzip(body, 6), Set.of());
    }

    private static CacheKey key(String resource, String field) {
        return new CacheKey(0, resource, field, "k:" + resource);
    }

    private static CacheEntry entry(Set<TagRef> refs) {
        return new CacheEntry(200, false, List.of(), "\"e\"", 0, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, new byte[1_000],
                refs);
    }
}
