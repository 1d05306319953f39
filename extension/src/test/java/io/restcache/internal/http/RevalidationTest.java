package io.restcache.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.store.CacheEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RevalidationTest {

    private static final List<CacheEntry.Header> STORED = List.of(
            new CacheEntry.Header("Content-Type", "application/json"),
            new CacheEntry.Header("Last-Modified", "Wed, 01 Jan 2020 00:00:00 GMT"),
            new CacheEntry.Header("X-Test", "a"),
            new CacheEntry.Header("Cache-Control", "max-age=2"));

    private static CacheEntry entry(List<CacheEntry.Header> headers, boolean originTag) {
        return new CacheEntry(200, false, headers, "\"t1\"", 0, 2_000, 2_000, new byte[] {1}, Set.of(), originTag);
    }

    @Test
    void conditions_useOnlyTheMethodsOwnValidators() {
        assertEquals(Map.of("If-None-Match", "\"t1\"", "If-Modified-Since", "Wed, 01 Jan 2020 00:00:00 GMT"),
                Revalidation.conditions(entry(STORED, true)));
        assertEquals(Map.of("If-Modified-Since", "Wed, 01 Jan 2020 00:00:00 GMT"), Revalidation.conditions(entry(STORED, false)),
                "an entity tag restcache derived from the body means nothing to the method");
        assertEquals(Map.of(), Revalidation.conditions(entry(List.of(new CacheEntry.Header("X-Test", "a")), false)),
                "no validator: nothing to revalidate with");
        assertEquals(Map.of(), Revalidation.conditions(entry(List.of(new CacheEntry.Header("Last-Modified", "yesterday")), false)),
                "an unreadable Last-Modified is no validator");
    }

    @Test
    void aClientsOwnConditionOrRange_isLeftAlone() {
        for (String name : List.of("If-None-Match", "if-modified-since", "If-Match", "If-Unmodified-Since", "If-Range", "Range")) {
            assertTrue(Revalidation.clientConditional(List.of("Accept", name)), name);
        }
        assertFalse(Revalidation.clientConditional(List.of("Accept", "Authorization")));
    }

    @Test
    void a304_replacesTheStoredFieldsItCarries_andKeepsTheOthers_inStoredOrder() {
        List<CacheEntry.Header> kept = Revalidation.kept(STORED, List.of("x-test", "Cache-Control", "Date"));
        assertEquals(List.of(STORED.get(0), STORED.get(1)), kept);
    }

    @Test
    void contentLengthAndCoding_ofA304_neverUpdateTheStoredResponse() {
        assertTrue(Revalidation.notUpdated("Content-Length"));
        assertTrue(Revalidation.notUpdated("content-encoding"));
        assertFalse(Revalidation.notUpdated("Cache-Control"));
        assertTrue(Revalidation.notUpdated("ETag"), "the stored entity tag is what was validated");
        assertTrue(Revalidation.notUpdated("Content-MD5"));
    }
}
