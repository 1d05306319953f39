package io.restcache.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StorabilityTest {

    private static Optional<String> refusal(int status, Map<String, List<String>> headers, boolean perUser) {
        return Storability.refusal(status, Set.of(200), headers, CacheDirectives.of(headers, false), perUser,
                Set.of("accept-language", "accept-encoding"));
    }

    @Test
    void plain200_isStorable() {
        assertEquals(Optional.empty(), refusal(200, Map.of("content-type", List.of("application/json")), false));
    }

    @Test
    void refusals_nameTheirReason() {
        assertEquals(Optional.of("status"), refusal(404, Map.of(), false));
        assertEquals(Optional.of("set-cookie"), refusal(200, Map.of("set-cookie", List.of("a=b")), true));
        assertEquals(Optional.of("no-store"), refusal(200, Map.of("cache-control", List.of("max-age=5, No-Store")), true));
        assertEquals(Optional.of("private"), refusal(200, Map.of("cache-control", List.of("private")), false));
        assertEquals(Optional.of("private"), refusal(200, Map.of("cache-control", List.of("private=\"x\"")), false));
        assertEquals(Optional.of("vary-star"), refusal(200, Map.of("vary", List.of("Accept-Language, *")), false));
        assertEquals(Optional.of("vary-uncovered"), refusal(200, Map.of("vary", List.of("Accept-Language, X-Tenant")), false));
        assertEquals(Optional.of("content-encoding"), refusal(200, Map.of("content-encoding", List.of("br")), false));
    }

    @Test
    void varyOnKeyedHeaders_isStorable() {
        assertEquals(Optional.empty(), refusal(200, Map.of("vary", List.of("accept-language", "Accept-Encoding")), false));
    }

    @Test
    void private_isStorableForPerUserEntries() {
        assertEquals(Optional.empty(), refusal(200, Map.of("cache-control", List.of("private, max-age=0")), true));
    }

    /** Regression: no-cache responses were stored and served without revalidation. */
    @Test
    void noCache_inAnyCase_withOrWithoutFieldNames_isNotStored() {
        assertEquals(Optional.of("no-cache"), refusal(200, Map.of("cache-control", List.of("max-age=60, No-Cache")), false));
        assertEquals(Optional.of("no-cache"), refusal(200, Map.of("cache-control", List.of("NO-CACHE")), true));
        assertEquals(Optional.of("no-cache"),
                refusal(200, Map.of("cache-control", List.of("max-age=60", "no-cache=\"Set-Thing, Other\"")), false));
    }

    @Test
    void setCookie2_isTreatedLikeSetCookie() {
        assertEquals(Optional.of("set-cookie"), refusal(200, Map.of("set-cookie2", List.of("a=b")), false));
    }

    /** Regression: a Vary: * on a second header line was lost and the response stored. */
    @Test
    void varyStar_onASecondLine_isNotStored() {
        assertEquals(Optional.of("vary-star"), refusal(200, Map.of("vary", List.of("Accept-Language", "*")), false));
    }

    /** RFC 9213: the field addressed to restcache replaces Cache-Control for restcache. */
    @Test
    void targetedField_decidesInsteadOfCacheControl() {
        assertEquals(Optional.empty(), refusal(200, Map.of("cache-control", List.of("no-store"),
                "restcache-cache-control", List.of("max-age=30")), false));
        assertEquals(Optional.of("no-store"), refusal(200, Map.of("cache-control", List.of("max-age=60"),
                "restcache-cache-control", List.of("no-store")), false));
    }

    @Test
    void cdnCacheControl_countsOnlyWhenHonoured() {
        Map<String, List<String>> headers = Map.of("cdn-cache-control", List.of("no-store"));
        assertEquals(Optional.empty(), Storability.refusal(200, Set.of(200), headers, CacheDirectives.of(headers, false),
                false, Set.of()));
        assertEquals(Optional.of("no-store"), Storability.refusal(200, Set.of(200), headers,
                CacheDirectives.of(headers, true), false, Set.of()));
    }
}
