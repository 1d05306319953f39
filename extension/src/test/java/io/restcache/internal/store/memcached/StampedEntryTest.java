package io.restcache.internal.store.memcached;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.EntryCodec;
import io.restcache.internal.store.TagRef;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StampedEntryTest {

    private static final CacheEntry ENTRY = new CacheEntry(200, true,
            List.of(new CacheEntry.Header("Content-Type", "application/json")), "\"abc\"", 1_000L, 61_000L, 121_000L,
            "{}".getBytes(StandardCharsets.UTF_8), Set.of(TagRef.tag("user:42"), TagRef.path("/users/42")));

    @Test
    void roundTrip_keepsTheStampAndTheEntry() {
        Map<String, Long> stamp = Map.of("restcache:m1:v:a", 0L, "restcache:m1:v:b", 1_764_000_000_000_000L);
        StampedEntry back = StampedEntry.decode(StampedEntry.encode(stamp, EntryCodec.encode(ENTRY))).orElseThrow();
        assertEquals(stamp, back.versions());
        assertEquals(ENTRY.etag(), back.entry().etag());
        assertArrayEquals(ENTRY.body(), back.entry().body());
        assertEquals(ENTRY.refs(), back.entry().refs());
        assertTrue(back.entry().gzipped());
    }

    @Test
    void anotherFormatOrRevision_readsAsAMiss() {
        byte[] bytes = StampedEntry.encode(Map.of("k", 1L), EntryCodec.encode(ENTRY));
        byte[] otherRevision = bytes.clone();
        otherRevision[1] = 2;
        assertTrue(StampedEntry.decode(otherRevision).isEmpty());
        assertTrue(StampedEntry.decode(EntryCodec.encode(ENTRY)).isEmpty(), "a bare entry is not a stamped one");
        assertTrue(StampedEntry.decode(Arrays.copyOf(bytes, bytes.length / 2)).isEmpty(), "truncated");
        assertTrue(StampedEntry.decode(null).isEmpty());
    }

    @Test
    void stampBound_coversRealCounterKeys() {
        MemcachedKeys keys = new MemcachedKeys("restcache:");
        Map<String, Long> stamp = Map.of(keys.counter(TagRef.tag("t")), Long.MAX_VALUE, keys.resource("r"), 1L);
        int stampSize = StampedEntry.encode(stamp, new byte[0]).length;
        assertTrue(stampSize <= StampedEntry.stampBound(2), stampSize + " > " + StampedEntry.stampBound(2));
    }

    @Test
    void counterValue_readsDigits_andAnythingElseAsZero() {
        assertEquals(42L, MemcachedResponseStore.counterValue("42".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0L, MemcachedResponseStore.counterValue(null));
        assertEquals(0L, MemcachedResponseStore.counterValue("x".getBytes(StandardCharsets.US_ASCII)));
    }
}
