package io.restcache.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheStatusTest {

    @Test
    void format_followsRfc9211() {
        assertEquals("restcache; hit; ttl=42; detail=near", CacheStatus.format(CacheOutcome.hit(42, "near")));
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", CacheStatus.format(CacheOutcome.stored("miss", 200)));
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=set-cookie",
                CacheStatus.format(CacheOutcome.notStored("miss", 200, "set-cookie")));
        assertEquals("restcache; fwd=bypass; fwd-status=200; detail=authenticated",
                CacheStatus.format(CacheOutcome.bypass(200, "authenticated")));
    }

    /** Regression: a stale-while-revalidate answer was labelled fwd=stale, but no request was forwarded. */
    @Test
    void format_staleWhileRevalidate_isAHitWithNegativeTtl() {
        assertEquals("restcache; hit; ttl=-3; detail=stale-while-revalidate",
                CacheStatus.format(CacheOutcome.staleWhileRevalidate(-3)));
    }

    /** Regression: collapsed was put on a hit; it belongs to a forwarded request (RFC 9211 §2.6). */
    @Test
    void format_collapsed_isAForwardWithTheEntrysStatus() {
        assertEquals("restcache; fwd=miss; fwd-status=200; ttl=9; collapsed",
                CacheStatus.format(CacheOutcome.collapsed("miss", 200, 9)));
    }

    @Test
    void format_staleIfError_isAForwardThatFailed() {
        assertEquals("restcache; fwd=stale; fwd-status=503; ttl=-2; detail=stale-if-error",
                CacheStatus.format(CacheOutcome.staleIfError(503, -2)));
    }

    /** Regression: an upstream cache's member (a proxied response) was overwritten. */
    @Test
    void append_keepsUpstreamMembers_andPutsRestcacheLast() {
        assertEquals("Upstream; hit; ttl=5, Other; fwd=uri-miss, restcache; fwd=miss; fwd-status=200; stored",
                CacheStatus.append(List.of("Upstream; hit; ttl=5", "Other; fwd=uri-miss"), CacheOutcome.stored("miss", 200)));
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", CacheStatus.append(null, CacheOutcome.stored("miss", 200)));
    }

    @Test
    void counters_comeFromTheSameValue() {
        assertEquals(List.of("hit.redis"), CacheOutcome.hit(1, "redis").counters());
        assertEquals(List.of("hit.collapsed"), CacheOutcome.collapsed("miss", 200, 1).counters());
        assertEquals(List.of("stale.stale-while-revalidate"), CacheOutcome.staleWhileRevalidate(-1).counters());
        assertEquals(List.of("miss", "not-stored.no-cache"), CacheOutcome.notStored("miss", 200, "no-cache").counters());
        assertEquals(List.of("bypass.conditional"), CacheOutcome.bypass(200, "conditional").counters());
    }

    @Test
    void detail_thatIsNotAToken_isAQuotedString() {
        assertEquals("restcache; fwd=bypass; fwd-status=200; detail=\"two words \\\"q\\\"\"",
                CacheStatus.format(CacheOutcome.bypass(200, "two words \"q\"")));
        assertEquals("\"1abc\"", CacheStatus.token("1abc"));
    }
}
