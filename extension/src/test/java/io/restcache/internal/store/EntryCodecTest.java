package io.restcache.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

    private static final CacheEntry ENTRY = new CacheEntry(200, false,
            List.of(new CacheEntry.Header("Content-Type", "application/json"), new CacheEntry.Header("X-ü", "wert")),
            "\"abc\"", 1_000L, 61_000L, 121_000L, "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8),
            Set.of(TagRef.tag("user:42"), TagRef.path("/users/42"), TagRef.user("aGFzaA")));

    @Test
    void roundTrip_keepsEveryField() {
        CacheEntry back = EntryCodec.decode(EntryCodec.encode(ENTRY)).orElseThrow();
        assertEquals(ENTRY.status(), back.status());
        assertEquals(ENTRY.headers(), back.headers());
        assertEquals(ENTRY.etag(), back.etag());
        assertEquals(ENTRY.storedAtMillis(), back.storedAtMillis());
        assertEquals(ENTRY.freshUntilMillis(), back.freshUntilMillis());
        assertEquals(ENTRY.staleUntilMillis(), back.staleUntilMillis());
        assertArrayEquals(ENTRY.body(), back.body());
        assertEquals(ENTRY.refs(), back.refs());
        assertEquals(false, back.originTag());
    }

    @Test
    void theMethodsOwnEntityTag_isRemembered() {
        CacheEntry own = new CacheEntry(200, true, ENTRY.headers(), "\"v7\"", 1_000L, 61_000L, 121_000L, ENTRY.body(),
                ENTRY.refs(), true);
        CacheEntry back = EntryCodec.decode(EntryCodec.encode(own)).orElseThrow();
        assertTrue(back.originTag());
        assertTrue(back.gzipped(), "the flags do not mix");
    }

    @Test
    void freshUntil_sitsWhereTheStoresScriptReadsIt() {
        byte[] bytes = EntryCodec.encode(ENTRY);
        assertEquals(EntryCodec.REVISION, bytes[0]);
        long freshUntil = java.nio.ByteBuffer.wrap(bytes, EntryCodec.FRESH_UNTIL_OFFSET, 8).getLong();
        assertEquals(ENTRY.freshUntilMillis(), freshUntil);
    }

    @Test
    void everyTruncation_readsAsMiss() {
        byte[] bytes = EntryCodec.encode(ENTRY);
        for (int len = 0; len < bytes.length; len++) {
            assertTrue(EntryCodec.decode(Arrays.copyOf(bytes, len)).isEmpty(), "truncated to " + len);
        }
    }

    @Test
    void unknownRevision_trailingBytesAndGarbage_readAsMiss() {
        byte[] bytes = EntryCodec.encode(ENTRY);
        byte[] future = bytes.clone();
        future[0] = 2;
        assertTrue(EntryCodec.decode(future).isEmpty());
        assertTrue(EntryCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)).isEmpty());
        assertTrue(EntryCodec.decode("not an entry".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(EntryCodec.decode(null).isEmpty());
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            assertTrue(EntryCodec.decode(noise).isEmpty(), "random bytes are never an entry");
        }
        for (int cut = 0; cut < bytes.length; cut++) {
            assertTrue(EntryCodec.decode(Arrays.copyOf(bytes, cut)).isEmpty(), "truncated at " + cut);
        }
    }

    @Test
    void freshnessAndAge_followTheStoredTimes() {
        assertTrue(ENTRY.isFresh(60_999));
        assertTrue(!ENTRY.isFresh(61_000));
        assertEquals(60, ENTRY.ttlSeconds(1_000));
        assertEquals(5, ENTRY.ageSeconds(6_500));
        assertEquals(0, ENTRY.ageSeconds(500));
    }
}
