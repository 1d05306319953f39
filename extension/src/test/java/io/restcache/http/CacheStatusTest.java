package io.restcache.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CacheStatusTest {

    @Test
    void formats_followRfc9211() {
        assertEquals("restcache; hit; ttl=42", CacheStatus.hit(42));
        assertEquals("restcache; hit; ttl=42; detail=near", CacheStatus.hit(42, "near"));
        assertEquals("restcache; fwd=miss; stored", CacheStatus.miss(true));
        assertEquals("restcache; fwd=miss", CacheStatus.miss(false));
        assertEquals("restcache; fwd=miss; detail=set-cookie", CacheStatus.missNotStored("set-cookie"));
        assertEquals("restcache; fwd=bypass; detail=authenticated", CacheStatus.bypass("authenticated"));
    }

    @Test
    void detail_thatIsNotAToken_isAQuotedString() {
        assertEquals("restcache; fwd=bypass; detail=\"two words \\\"q\\\"\"", CacheStatus.bypass("two words \"q\""));
        assertEquals("restcache; fwd=bypass; detail=\"1abc\"", CacheStatus.bypass("1abc"));
    }
}
