package io.restcache.internal.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
        CacheKey key = key(PLAIN, request(Map.of("id", List.of("1")), Map.of()));
        assertTrue(key.resourceKey().matches("restcache:v3:g0:r:\\{[A-Za-z0-9_-]{22}}"), key.resourceKey());
        assertTrue(key.variantField().matches("[A-Za-z0-9_-]{22}"), key.variantField());
    }

    @Test
    void generation_isPartOfEveryResourceKey() {
        KeyRequest r = request(Map.of("id", List.of("1")), Map.of());
        assertNotEquals(keys.build(PLAIN, r, 0).resourceKey(), keys.build(PLAIN, r, 1).resourceKey());
        assertEquals(keys.build(PLAIN, r, 0).resourceId(), keys.build(PLAIN, r, 1).resourceId());
    }

    @Test
    void sameInputs_sameKey() {
        assertEquals(key(PLAIN, request(Map.of("id", List.of("1")), Map.of("q", List.of("a")))),
                key(PLAIN, request(Map.of("id", List.of("1")), Map.of("q", List.of("a")))));
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
        assertEquals(key(PLAIN, query(ordered("a", List.of("1"), "b", List.of("2")))),
                key(PLAIN, query(ordered("b", List.of("2"), "a", List.of("1")))));
    }

    @Test
    void narrowedQuery_ignoresOtherParameters() {
        KeySpec onlyQ = new KeySpec(Set.of("q"), List.of(), List.of(), false, false);
        assertEquals(key(onlyQ, query(ordered("q", List.of("x"), "utm", List.of("1")))),
                key(onlyQ, query(Map.of("q", List.of("x")))));
        assertNotEquals(key(onlyQ, query(Map.of("q", List.of("x")))),
                key(onlyQ, query(Map.of("q", List.of("y")))));
    }

    @Test
    void declaredQueryNames_giveTheSameIdAsTheWholeQueryCutDownToThem() {
        // the declared names are looked up (not the whole query copied and trimmed): same atoms, same order.
        // Eight names with unrelated hash codes: the spec keeps them in an immutable set, which places them by
        // hash and iterates from a start and in a direction that change from one JVM to the next, so an order
        // that happens to be sorted (and would hide a missing sort) is next to impossible
        List<String> names = List.of("golf", "bravo", "echo", "alpha", "hotel", "delta", "foxtrot", "charlie");
        KeySpec declared = new KeySpec(Set.copyOf(names), false, List.of(), List.of(),
                false, false, List.of(), false, List.of());
        Map<String, List<String>> present = new java.util.LinkedHashMap<>();
        for (String name : names) {
            present.put(name, List.of(name + "2", name + "1"));
        }
        Map<String, List<String>> withOthers = new java.util.LinkedHashMap<>(present);
        withOthers.put("zz", List.of("9"));
        withOthers.put("0", List.of("9"));
        assertEquals(new KeyBuilder("restcache:").resourceId(PLAIN, query(present)),
                new KeyBuilder("restcache:").resourceId(declared, query(withOthers)));
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
        CacheKey en = key(BY_HEADERS, headers(Map.of("accept-language", List.of("en"))));
        CacheKey de = key(BY_HEADERS, headers(Map.of("accept-language", List.of("de"))));
        assertEquals(en.resourceKey(), de.resourceKey());
        assertNotEquals(en.variantField(), de.variantField());
    }

    @Test
    void languageTags_areNormalisedCaseAndSpace_otherHeadersAreNot() {
        assertEquals(key(BY_HEADERS, headers(Map.of("accept-language", List.of("en-US, de;q=0.5")))),
                key(BY_HEADERS, headers(Map.of("accept-language", List.of("en-us,de;q=0.5")))));
        assertNotEquals(key(BY_HEADERS, headers(Map.of("x-tenant", List.of("Acme")))),
                key(BY_HEADERS, headers(Map.of("x-tenant", List.of("acme")))));
    }

    @Test
    void cookies_absentDiffersFromEmpty() {
        KeySpec byCookie = new KeySpec(Set.of(), List.of(), List.of("ab"), false, false);
        CacheKey absent = key(byCookie, new KeyRequest(ROUTE, Map.of(), Map.of(), Optional.empty(), Map.of(), Map.of()));
        CacheKey empty = key(byCookie, new KeyRequest(ROUTE, Map.of(), Map.of(), Optional.empty(), Map.of(),
                Map.of("ab", "")));
        assertNotEquals(absent.variantField(), empty.variantField());
    }

    @Test
    void contributors_joinTheVariant_absentDiffersFromEmpty() {
        KeySpec byTenant = new KeySpec(Set.of(), List.of(), List.of(), false, false, List.of("tenant"));
        assertDistinctVariants(byTenant,
                new KeyRequest(ROUTE, Map.of(), Map.of(), Optional.empty(), Map.of(), Map.of(), Map.of("tenant", "a")),
                new KeyRequest(ROUTE, Map.of(), Map.of(), Optional.empty(), Map.of(), Map.of(), Map.of("tenant", "b")),
                new KeyRequest(ROUTE, Map.of(), Map.of(), Optional.empty(), Map.of(), Map.of(), Map.of("tenant", "")),
                new KeyRequest(ROUTE, Map.of(), Map.of(), Optional.empty(), Map.of(), Map.of(), Map.of()));
    }

    private static final KeySpec BY_ORIGIN = PLAIN.withAuthority(true);
    private static final KeySpec DECLARED_Q = new KeySpec(Set.of("q"), false, List.of(), List.of(), false, false,
            List.of(), true, List.of());
    private static final KeySpec BY_LANGUAGE = new KeySpec(Set.of(), false, List.of("accept-language"), List.of(),
            false, false, List.of(), false, List.of("en", "de", "fr"));

    @Test
    void origins_neverShareAResource_andAreUnambiguous() {
        assertDistinctResources(BY_ORIGIN,
                origin("http://tenant-a"),
                origin("http://tenant-b"),
                origin("https://tenant-a"),
                origin("http://tenant-a:80"),
                origin("http://tenant-a:8080"),
                origin("http://tenant-a:80path"),
                origin(""));
    }

    @Test
    void origin_isNotAPathOrQueryValue() {
        // the origin atom is tagged: an origin can never read as the path parameters that follow it
        KeyRequest originOnly = new KeyRequest(ROUTE, Map.of(), Map.of(), Optional.empty(), Map.of(), Map.of(),
                Map.of(), Optional.of("4:path"));
        KeyRequest pathLike = new KeyRequest(ROUTE, Map.of("4:path", List.of()), Map.of(), Optional.empty(),
                Map.of(), Map.of(), Map.of(), Optional.of(""));
        assertNotEquals(key(BY_ORIGIN, originOnly).resourceId(), key(BY_ORIGIN, pathLike).resourceId());
        assertNotEquals(keys.resourceId(PLAIN, request(Map.of(), Map.of())),
                keys.resourceId(BY_ORIGIN, origin("")), "a key with an (empty) origin differs from one without");
    }

    @Test
    void origins_ofOneVariant_shareItsField() {
        assertEquals(key(BY_ORIGIN, origin("http://tenant-a:80")).variantField(),
                key(BY_ORIGIN, origin("http://tenant-b:80")).variantField());
    }

    @Test
    void authority_isSchemeAndAuthorityAsTheApplicationSeesThem_withoutUserInfo() {
        assertEquals("http://tenant-a", Authority.of(java.net.URI.create("http://tenant-a/x?y")));
        assertEquals("http://Tenant-A:80", Authority.of(java.net.URI.create("http://Tenant-A:80/x")));
        assertEquals("https://tenant-a", Authority.of(java.net.URI.create("https://user:pw@tenant-a/")));
        assertEquals("http://[::1]:8080", Authority.of(java.net.URI.create("http://[::1]:8080/")));
        assertNotEquals(Authority.of(java.net.URI.create("http://a/")), Authority.of(java.net.URI.create("https://a/")));
        assertNotEquals(Authority.of(java.net.URI.create("http://a/")), Authority.of(java.net.URI.create("http://a:80/")),
                "the application sees two base URIs");
    }

    @Test
    void undeclaredQueryParameters_doNotCount_declaredOnesDo() {
        assertEquals(key(DECLARED_Q, queryAt("http://a:80", ordered("q", List.of("x"), "junk", List.of("1")))),
                key(DECLARED_Q, queryAt("http://a:80", Map.of("q", List.of("x")))));
        assertNotEquals(key(DECLARED_Q, queryAt("http://a:80", Map.of("q", List.of("x")))),
                key(DECLARED_Q, queryAt("http://a:80", Map.of("q", List.of("y")))));
        KeySpec none = new KeySpec(Set.of(), false, List.of(), List.of(), false, false, List.of(), false, List.of());
        assertEquals(key(none, query(Map.of("junk", List.of("1")))), key(none, query(Map.of())));
    }

    @Test
    void wholeQueryMethods_countEveryParameter() {
        KeySpec all = new KeySpec(Set.of(), true, List.of(), List.of(), false, false, List.of(), false, List.of());
        assertNotEquals(key(all, query(Map.of("junk", List.of("1")))), key(all, query(Map.of())));
    }

    @Test
    void acceptLanguage_resolvesToASupportedLanguageOrNone() {
        String en = languageField("en-US,de;q=0.5");
        assertEquals(en, languageField("en"));
        assertEquals(en, languageField("EN-gb ;q=0.9, fr;q=0.1"));
        assertEquals(languageField("de-CH"), languageField("de"));
        assertEquals(languageField("fr;q=0, de"), languageField("de"), "q=0 never matches");
        assertEquals(languageField("ja"), languageField("pt-BR, *"), "no supported language: one 'none' variant");
        assertDistinctVariants(BY_LANGUAGE,
                languageRequest("en"), languageRequest("de"), languageRequest("fr"), languageRequest("ja"),
                headers(Map.of()));
    }

    @Test
    void acceptLanguage_randomLists_makeAtMostOneVariantPerSupportedLanguagePlusNone() {
        java.util.Random random = new java.util.Random(12);
        String[] pool = {"en", "en-US", "en-GB", "de", "de-AT", "fr", "fr-CA", "it", "ja", "zh-Hant-TW", "pt-BR", "*"};
        Set<String> fields = new java.util.HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            StringBuilder header = new StringBuilder();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                header.append(header.length() == 0 ? "" : ",").append(pool[random.nextInt(pool.length)])
                        .append(";q=0.").append(1 + random.nextInt(9));
            }
            fields.add(languageField(header.toString()));
        }
        assertTrue(fields.size() <= 4, fields.size() + " variants");
    }

    @Test
    void acceptLanguage_malformedList_isKeyedOnTheHeader_neverAsALookupResult() {
        // "=en" is no language range: keyed as the header itself, which must not read as the lookup "en"
        assertNotEquals(languageField("=en"), languageField("en"));
        assertNotEquals(languageField("=en"), languageField("=de"));
    }

    @Test
    void separatorSpace_isRemovedLikeTheRegex_onRandomInput() {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile("\\s*([,;])\\s*");
        java.util.Random random = new java.util.Random(7);
        char[] alphabet = {' ', '\t', ',', ';', 'a', 'b', '=', '\u000B', '\f', '\r', '\n'};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String v = s.toString().trim();
            assertEquals(regex.matcher(v).replaceAll("$1"), KeyBuilder.HeaderNormalizer.withoutSpaceAroundSeparators(v),
                    "for '" + v + "'");
        }
    }

    /** Regression: the regex it replaces backtracked on long whitespace runs (quadratic, seconds per header). */
    @Test
    void separatorSpace_100KBWhitespaceRun_isLinear() {
        String run = " ".repeat(100_000);
        String header = "en" + run + "x" + run + "," + run + "de";
        assertTimeoutPreemptively(java.time.Duration.ofMillis(500), () -> {
            assertEquals("en" + run + "x,de", KeyBuilder.HeaderNormalizer.normalize("accept-language", header));
        });
    }

    @Test
    void canonicalForm_isLengthPrefixed() {
        assertEquals("3:abc1:30:", new KeyWriter().atom("abc").count(3).atom("").canonical());
    }

    private CacheKey key(KeySpec spec, KeyRequest request) {
        return keys.build(spec, request, 0);
    }

    private void assertDistinctResources(KeyRequest... requests) {
        assertDistinctResources(PLAIN, requests);
    }

    private void assertDistinctResources(KeySpec spec, KeyRequest... requests) {
        Set<String> seen = new java.util.HashSet<>();
        for (KeyRequest r : requests) {
            assertTrue(seen.add(key(spec, r).resourceKey()), "collision for " + r);
        }
    }

    private void assertDistinctVariants(KeySpec spec, KeyRequest... requests) {
        Set<String> seen = new java.util.HashSet<>();
        for (KeyRequest r : requests) {
            assertTrue(seen.add(key(spec, r).variantField()), "collision for " + r);
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

    private static KeyRequest origin(String origin) {
        return queryAt(origin, Map.of());
    }

    private static KeyRequest queryAt(String origin, Map<String, List<String>> query) {
        return new KeyRequest(ROUTE, Map.of(), query, Optional.empty(), Map.of(), Map.of(), Map.of(),
                Optional.of(origin));
    }

    private static KeyRequest languageRequest(String header) {
        return headers(Map.of("accept-language", List.of(header)));
    }

    private String languageField(String header) {
        return key(BY_LANGUAGE, languageRequest(header)).variantField();
    }

    private static Map<String, List<String>> ordered(String k1, List<String> v1, String k2, List<String> v2) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
