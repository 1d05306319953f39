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
        future[0] = (byte) (EntryCodec.REVISION + 1);
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

    @Test
    void theHeadersEveryJsonResponseReplays_takeFiveBytesEach_andComeBackAsThemselves() {
        List<CacheEntry.Header> common = List.of(new CacheEntry.Header("Content-Type", "application/json"),
                new CacheEntry.Header("Vary", "Accept-Encoding"), new CacheEntry.Header("Cache-Control", "private"),
                new CacheEntry.Header("Cache-Control", "private, max-age=60"), new CacheEntry.Header("X-Own", "1"));
        CacheEntry entry = new CacheEntry(200, true, common, "\"abc\"", 1_000L, 61_000L, 121_000L, ENTRY.body(),
                ENTRY.refs(), false);
        byte[] bytes = EntryCodec.encode(entry);
        assertEquals(common, EntryCodec.decode(bytes).orElseThrow().headers());
        int spelledOut = 0;
        for (CacheEntry.Header h : common) {
            spelledOut += 2 + h.name().length() + 2 + h.value().length();
        }
        // three whole headers as codes (5 bytes each), a known name as a code (Cache-Control: 13 bytes less)
        int coded = 3 * 5 + (2 + 1 + 2 + "private, max-age=60".length()) + (2 + 5 + 2 + 1);
        assertEquals(spelledOut - coded, encodedWithoutTable(entry).length - bytes.length);
    }

    @Test
    void revisionOne_isStillRead_butACodeInIt_isAMiss() {
        CacheEntry plain = new CacheEntry(200, false, List.of(new CacheEntry.Header("X-ü", "wert")), "\"abc\"",
                1_000L, 61_000L, 121_000L, ENTRY.body(), ENTRY.refs(), false);
        byte[] revisionOne = asRevision(EntryCodec.encode(plain), 1);
        assertEquals(plain.headers(), EntryCodec.decode(revisionOne).orElseThrow().headers());

        byte[] codedAsOne = asRevision(EntryCodec.encode(ENTRY), 1);      // Content-Type: application/json is a code
        assertTrue(EntryCodec.decode(codedAsOne).isEmpty());
    }

    @Test
    void theFillSequence_isKeptAtItsOffset_andARevisionWithoutOne_readsAsZero() {
        long sequence = 1_764_000_000_123_456L;
        byte[] bytes = EntryCodec.encode(ENTRY, sequence);
        assertEquals(sequence, EntryCodec.fillSequence(bytes));
        assertEquals(ENTRY.etag(), EntryCodec.decode(bytes).orElseThrow().etag());
        assertEquals(0L, EntryCodec.fillSequence(EntryCodec.encode(ENTRY)));

        byte[] revisionTwo = asRevision(bytes, 2);
        assertEquals(bytes.length - 8, revisionTwo.length);
        assertEquals(ENTRY.headers(), EntryCodec.decode(revisionTwo).orElseThrow().headers());
        assertEquals(0L, EntryCodec.fillSequence(revisionTwo), "older than every lazy purge");
        assertEquals(0L, EntryCodec.fillSequence(Arrays.copyOf(bytes, 20)));
    }

    /** A revision-3 encoding as an older revision wrote it: the same bytes without the fill sequence. */
    private static byte[] asRevision(byte[] three, int revision) {
        int at = EntryCodec.FRESH_UNTIL_OFFSET + 16;
        byte[] older = new byte[three.length - 8];
        System.arraycopy(three, 0, older, 0, at);
        System.arraycopy(three, at + 8, older, at, three.length - at - 8);
        older[0] = (byte) revision;
        return older;
    }

    @Test
    void anUnknownCode_isAMiss() {
        byte[] bytes = EntryCodec.encode(ENTRY);
        int at = indexOf(bytes, new byte[] {0, 1, 1, 0, 0});      // Content-Type: application/json, code 1
        assertTrue(at > 0);
        bytes[at + 2] = 0x0F;       // a whole-header code the table does not have
        assertTrue(EntryCodec.decode(bytes).isEmpty());
        bytes[at + 2] = 0x1F;       // a name code the table does not have
        assertTrue(EntryCodec.decode(bytes).isEmpty());
    }

    /** The entry as revision 1 wrote it: every name and value spelled out. */
    private static byte[] encodedWithoutTable(CacheEntry e) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            byte[] coded = EntryCodec.encode(new CacheEntry(e.status(), e.gzipped(), List.of(), e.etag(),
                    e.storedAtMillis(), e.freshUntilMillis(), e.staleUntilMillis(), e.body(), e.refs(), e.originTag()));
            int headerCountAt = 1 + 2 + 1 + 24 + 8 + 2 + e.etag().length();
            out.write(coded, 0, headerCountAt);
            out.writeShort(e.headers().size());
            for (CacheEntry.Header h : e.headers()) {
                out.writeUTF(h.name());
                out.writeUTF(h.value());
            }
            out.write(coded, headerCountAt + 2, coded.length - headerCountAt - 2);
        } catch (java.io.IOException impossible) {
            throw new java.io.UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
                return i;
            }
        }
        return -1;
    }
}
