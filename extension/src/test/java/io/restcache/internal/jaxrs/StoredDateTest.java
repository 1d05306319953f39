package io.restcache.internal.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.restcache.internal.http.HttpDates;
import io.restcache.internal.store.CacheEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stored entry drops only the Date its stored-at time reproduces exactly. */
class StoredDateTest {

    private static final long STORED_AT = 1_796_166_413_233L;

    @Test
    void dateEqualToStoredAt_isNotStored_theOtherHeadersAre() {
        List<CacheEntry.Header> headers = List.of(new CacheEntry.Header("Content-Type", "application/json"),
                new CacheEntry.Header("Date", HttpDates.format(STORED_AT)), new CacheEntry.Header("Vary", "Accept-Encoding"));

        assertEquals(List.of(new CacheEntry.Header("Content-Type", "application/json"),
                new CacheEntry.Header("Vary", "Accept-Encoding")),
                BodyCaptureInterceptor.withoutDerivableDate(headers, STORED_AT));
    }

    @Test
    void dateOfAnotherSecond_isKept() {
        // an upstream Age moved stored-at back, or the method sent a Date of its own
        List<CacheEntry.Header> headers = List.of(new CacheEntry.Header("date", HttpDates.format(STORED_AT - 5_000)));

        assertSame(headers, BodyCaptureInterceptor.withoutDerivableDate(headers, STORED_AT));
    }

    @Test
    void noDate_keepsTheListAsItIs() {
        List<CacheEntry.Header> headers = List.of(new CacheEntry.Header("Content-Type", "text/plain"));

        assertSame(headers, BodyCaptureInterceptor.withoutDerivableDate(headers, STORED_AT));
    }
}
