package io.restcache.internal.store.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.key.CacheKey;
import io.restcache.internal.store.TagRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemcachedKeysTest {

    private final MemcachedKeys keys = new MemcachedKeys("restcache:");
    private final CacheKey key = new CacheKey(0, "res1", "var1", "restcache:v1:g0:r:{res1}");

    @Test
    void entryKey_foldsTheNamespaceVersionIn() {
        assertNotEquals(keys.entry(1, key), keys.entry(2, key));
        assertTrue(keys.entry(7, key).startsWith("restcache:m1:e:7:"), keys.entry(7, key));
    }

    @Test
    void entryKey_differsPerVariantAndResource() {
        assertNotEquals(keys.entry(1, key), keys.entry(1, new CacheKey(0, "res1", "var2", key.resourceKey())));
        assertNotEquals(keys.entry(1, key), keys.entry(1, new CacheKey(0, "res2", "var1", "restcache:v1:g0:r:{res2}")));
    }

    @Test
    void fieldBoundaries_cannotCollide() {
        // "a" + "bc" and "ab" + "c" must not name the same entry
        CacheKey one = new CacheKey(0, "r", "bc", "a");
        CacheKey two = new CacheKey(0, "r", "c", "ab");
        assertNotEquals(keys.entry(1, one), keys.entry(1, two));
    }

    @Test
    void counters_ofEachKindLiveApart() {
        List<String> counters = List.of(keys.counter(TagRef.tag("x")), keys.counter(TagRef.path("x")),
                keys.counter(TagRef.user("x")), keys.resource("x"), keys.namespace());
        assertEquals(counters.size(), counters.stream().distinct().count(), counters.toString());
    }

    @Test
    void everyKey_isAValidMemcachedKey_evenForTagsWithSpacesAndUnicode() {
        String tag = keys.counter(TagRef.tag("a tag with spaces, ünïcode and \u0001 control" + "x".repeat(400)));
        for (String k : List.of(tag, keys.entry(Long.MAX_VALUE, key), keys.namespace())) {
            assertTrue(k.length() <= 250, k);
            assertTrue(k.chars().allMatch(c -> c > 32 && c < 127), k);
        }
    }
}
