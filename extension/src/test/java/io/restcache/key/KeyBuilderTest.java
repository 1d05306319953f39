package io.restcache.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyBuilderTest {

    private static final String ROUTE = "com.x.Items#get /items/{id}";
    private static final KeySpec PLAIN = new KeySpec(Set.of(), List.of(), List.of(), false, false);
    private static final KeySpec PER_USER = new KeySpec(Set.of(), List.of(), List.of(), true, false);
    private static final KeySpec BY_HEADERS = new KeySpec(Set.of(), List.of("accept-language", "x-tenant"),
            List.of(), false, false);

    private final KeyBuilder keys = new KeyBuilder("restcache:");

    @Test
    void resourceKey_isPrefixedVersionedAndHashTagged() {
        CacheKey key = keys.build(PLAIN, request(Map.of("id", List.of("1")), Map.of()));
        assertTrue(key.resourceKey().matches("restcache:v1:r:\\{[A-Za-z0-9_-]{32}}"), key.resourceKey());
        assertTrue(key.variantField().matches("[A-Za-z0-9_-]{32}"), key.variantField());
    }

    @Test
    void sameInputs_sameKey() {
        assertEquals(keys.build(PLAIN, request(Map.of("id", List.of("1")), Map.of("q", List.of("a")))),
                keys.build(PLAIN, request(Map.of("id", List.of("1")), Map.of("q", List.of("a")))));
    }

    @Test
    void adversarialQueryPairs_neverCollide() {
        assertDistinctResources(
                query(Map.of("a", List.of("1|b=2"))),
                query(ordered("a", List.of("1"), "b", List.of("2"))),
                query(Map.of("a", List.of("1&b=2"))),
                query(Map.of("a", List.of("1", "2"))),
                query(Map.of("a", List.of("2", "1"))),
                query(Map.of("a", List.of("12"))),
                query(Map.of("a", List.of(""))),
                query(Map.of()),
                query(Map.of("A", List.of("1"))),
                query(Map.of("a", List.of("1", ""))),
                query(Map.of("a=1", List.of())),
                query(Map.of("1:a", List.of())));
    }

    @Test
    void queryParameterOrderAcrossNames_doesNotMatter() {
        assertEquals(keys.build(PLAIN, query(ordered("a", List.of("1"), "b", List.of("2")))),
                keys.build(PLAIN, query(ordered("b", List.of("2"), "a", List.of("1")))));
    }

    @Test
    void narrowedQuery_ignoresOtherParameters() {
        KeySpec onlyQ = new KeySpec(Set.of("q"), List.of(), List.of(), false, false);
        assertEquals(keys.build(onlyQ, query(ordered("q", List.of("x"), "utm", List.of("1")))),
                keys.build(onlyQ, query(Map.of("q", List.of("x")))));
        assertNotEquals(keys.build(onlyQ, query(Map.of("q", List.of("x")))),
                keys.build(onlyQ, query(Map.of("q", List.of("y")))));
    }

    @Test
    void users_neverShareAResource_andUserBoundariesAreUnambiguous() {
        assertDistinctResources(PER_USER,
                user("a:b"), user("a"), user("ab"), user(UserHasher.ANONYMOUS), user(""));
    }

    @Test
    void pathParameters_areDistinct() {
        assertDistinctResources(
                request(Map.of("id", List.of("1")), Map.of()),
                request(Map.of("id", List.of("11")), Map.of()),
                request(Map.of("id", List.of("1/2")), Map.of()),
                request(ordered("id", List.of("1"), "x", List.of("2")), Map.of()));
    }

    @Test
    void headerVariants_listBoundariesAreUnambiguous_absentDiffersFromEmpty() {
        assertDistinctVariants(BY_HEADERS,
                headers(Map.of("accept-language", List.of("ab,c"))),
                headers(Map.of("accept-language", List.of("a,bc"))),
                headers(Map.of("accept-language", List.of("a", "bc"))),
                headers(Map.of("accept-language", List.of(""))),
                headers(Map.of()),
                headers(Map.of("x-tenant", List.of("en"))),
                headers(Map.of("accept-language", List.of("en"), "x-tenant", List.of(""))));
    }

    @Test
    void variants_ofOneResource_shareItsHash() {
        CacheKey en = keys.build(BY_HEADERS, headers(Map.of("accept-language", List.of("en"))));
        CacheKey de = keys.build(BY_HEADERS, headers(Map.of("accept-language", List.of("de"))));
        assertEquals(en.resourceKey(), de.resourceKey());
        assertNotEquals(en.variantField(), de.variantField());
    }

    @Test
    void languageTags_areNormalisedCaseAndSpace_otherHeadersAreNot() {
        assertEquals(keys.build(BY_HEADERS, headers(Map.of("accept-language", List.of("en-US, de;q=0.5")))),
                keys.build(BY_HEADERS, headers(Map.of("accept-language", List.of("en-us,de;q=0.5")))));
        assertNotEquals(keys.build(BY_HEADERS, headers(Map.of("x-tenant", List.of("Acme")))),
                keys.build(BY_HEADERS, headers(Map.of("x-tenant", List.of("acme")))));
    }

    @Test
    void cookies_absentDiffersFromEmpty() {
        KeySpec byCookie = new KeySpec(Set.of(), List.of(), List.of("ab"), false, false);
        CacheKey absent = keys.build(byCookie, new KeyRequest(ROUTE, Map.of(), Map.of(), Optional.empty(), Map.of(), Map.of()));
        CacheKey empty = keys.build(byCookie, new KeyRequest(ROUTE, Map.of(), Map.of(), Optional.empty(), Map.of(),
                Map.of("ab", "")));
        assertNotEquals(absent.variantField(), empty.variantField());
    }

    @Test
    void canonicalForm_isLengthPrefixed() {
        assertEquals("3:abc1:30:", new KeyWriter().atom("abc").count(3).atom("").canonical());
    }

    private void assertDistinctResources(KeyRequest... requests) {
        assertDistinctResources(PLAIN, requests);
    }

    private void assertDistinctResources(KeySpec spec, KeyRequest... requests) {
        Set<String> seen = new java.util.HashSet<>();
        for (KeyRequest r : requests) {
            assertTrue(seen.add(keys.build(spec, r).resourceKey()), "collision for " + r);
        }
    }

    private void assertDistinctVariants(KeySpec spec, KeyRequest... requests) {
        Set<String> seen = new java.util.HashSet<>();
        for (KeyRequest r : requests) {
            assertTrue(seen.add(keys.build(spec, r).variantField()), "collision for " + r);
        }
    }

    private static KeyRequest request(Map<String, List<String>> path, Map<String, List<String>> query) {
        return new KeyRequest(ROUTE, path, query, Optional.empty(), Map.of(), Map.of());
    }

    private static KeyRequest query(Map<String, List<String>> query) {
        return request(Map.of("id", List.of("1")), query);
    }

    private static KeyRequest user(String hash) {
        return new KeyRequest(ROUTE, Map.of(), Map.of(), Optional.of(hash), Map.of(), Map.of());
    }

    private static KeyRequest headers(Map<String, List<String>> headers) {
        return new KeyRequest(ROUTE, Map.of(), Map.of(), Optional.empty(), headers, Map.of());
    }

    private static Map<String, List<String>> ordered(String k1, List<String> v1, String k2, List<String> v2) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
