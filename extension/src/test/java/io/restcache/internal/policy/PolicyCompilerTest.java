package io.restcache.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.InvalidateTags;
import io.restcache.VaryBy;
import io.restcache.internal.config.RestCacheSettings;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyCompilerTest {

    /** Annotated methods whose annotations the tests compile. */
    @SuppressWarnings("unused")
    static class Samples {
        @Cached(ttl = "30s") @CacheTags({"user:{id}", "users"}) void tagged() { }
        @Cached void defaults() { }
        @Cached(ttl = "0s") void zeroTtl() { }
        @Cached(ttl = "soon") void badTtl() { }
        @Cached @CacheTags("user:{idd}") void unknownVariable() { }
        @Cached(shared = true) @VaryBy(user = true) void contradiction() { }
        @Cached @VaryBy(headers = {"Accept-Language", "X-Tenant"}) void byHeaders() { }
        @Cached @VaryBy(headers = "Authorization") void byAuthorization() { }
        @Cached(statuses = {200, 304}) void notModifiedStatus() { }
        @InvalidateTags("user:{id}") void invalidates() { }
        @CacheTags("x") void tagsWithoutCached() { }
        @Cached(staleWhileRevalidate = "10s") void stale() { }
        @Cached @VaryBy(contributors = "tenant") void contributors() { }
        @Cached @VaryBy(query = "page") void listsQuery() { }
        @Cached @VaryBy(headers = "Accept-Language", languages = {"en", "de"}) void languages() { }
        @Cached @VaryBy(headers = "Accept-Language") void configuredLanguages() { }
        @Cached @VaryBy(languages = "en") void languagesWithoutHeader() { }
        @Cached @VaryBy(headers = "Accept-Language", languages = "en_US!") void badLanguage() { }
        @Cached(freshness = "origin") void originDriven() { }
        @Cached(freshness = "whenever") void badFreshness() { }
        @Cached @VaryBy(accept = false) void setsItsOwnContentType() { }
    }

    private final PolicyCompiler compiler = new PolicyCompiler(RestCacheSettings.load(k -> Optional.empty()));

    @Test
    void compile_readsTtlTagsAndDefaults() {
        CachePolicy p = compiler.compile(get("tagged")).cache().orElseThrow();
        assertEquals(Duration.ofSeconds(30), p.ttl());
        assertEquals(List.of("user:{id}", "users"), p.tags().stream().map(Object::toString).toList());
        assertEquals("user:42", p.tags().get(0).render(Map.of("id", "42")::get));
        CachePolicy d = compiler.compile(get("defaults")).cache().orElseThrow();
        assertEquals(Duration.ofSeconds(60), d.ttl());
        assertEquals(Set.of(200), d.statuses());
        assertFalse(d.perUser());
        assertEquals(1024 * 1024, d.maxBodySize());
        assertEquals("com.x.Res#defaults /users/{id}", d.route());
    }

    @Test
    void nonsense_failsTheDeploymentNamingTheMethod() {
        assertFails("zeroTtl", "com.x.Res#zeroTtl", "'0s'");
        assertFails("badTtl", "com.x.Res#badTtl", "'soon'");
        assertFails("unknownVariable", "com.x.Res#unknownVariable", "{idd}");
        assertFails("contradiction", "com.x.Res#contradiction", "contradicts");
        assertFails("byAuthorization", "com.x.Res#byAuthorization", "authorization");
        assertFails("notModifiedStatus", "com.x.Res#notModifiedStatus", "304");
        assertFails("tagsWithoutCached", "com.x.Res#tagsWithoutCached", "without @Cached");
        assertFails("contributors", "com.x.Res#contributors", "contributors");
        PolicyException onPost = assertThrows(PolicyException.class,
                () -> compiler.compile(describe("defaults", Set.of("POST"))));
        assertTrue(onPost.getMessage().startsWith("com.x.Res#defaults: @Cached applies only to @GET"), onPost.getMessage());
        PolicyException invalidateOnGet = assertThrows(PolicyException.class,
                () -> compiler.compile(describe("invalidates", Set.of("GET"))));
        assertTrue(invalidateOnGet.getMessage().contains("unsafe methods"), invalidateOnGet.getMessage());
    }

    @Test
    void varyHeaders_areLowerCasedSortedAndAdvertisedInVary() {
        CachePolicy p = compiler.compile(get("byHeaders")).cache().orElseThrow();
        assertEquals(List.of("accept-language", "x-tenant"), p.keySpec().varyHeaders());
        assertEquals("Accept-Language, X-Tenant, Accept-Encoding", p.varyResponseHeader());
    }

    /**
     * Regression: without @Produces whichever writer matches Accept answers, yet Accept was neither in
     * the variant nor in Vary; the same when methods of one path negotiate by their own @Produces.
     */
    @Test
    void accept_isInTheVariantAndVary_whenTheMethodNegotiates() {
        for (List<String> produces : List.of(List.<String>of(), List.of("application/json", "application/xml"))) {
            CachePolicy p = compiler.compile(describe("byHeaders", Set.of("GET"), produces)).cache().orElseThrow();
            assertTrue(p.keySpec().negotiatesMediaType(), produces.toString());
            assertEquals("Accept-Language, X-Tenant, Accept, Accept-Encoding", p.varyResponseHeader());
        }
        assertFalse(compiler.compile(get("byHeaders")).cache().orElseThrow().keySpec().negotiatesMediaType());
    }

    /** A wildcard @Produces lets the runtime take the type from Accept (JAX-RS "Determining the MediaType"). */
    @Test
    void accept_isInTheVariant_forAWildcardProduces() {
        for (String wildcard : List.of("*/*", "application/*")) {
            CachePolicy p = compiler.compile(describe("byHeaders", Set.of("GET"), List.of(wildcard))).cache().orElseThrow();
            assertTrue(p.keySpec().negotiatesMediaType(), wildcard);
            assertEquals("Accept-Language, X-Tenant, Accept, Accept-Encoding", p.varyResponseHeader());
        }
    }

    /** A method that sets Content-Type itself (a forwarding method) says so, and Accept selects nothing. */
    @Test
    void accept_isLeftOut_whenTheMethodSaysItSetsItsOwnType() {
        CachePolicy p = compiler.compile(describe("setsItsOwnContentType", Set.of("GET"), List.of())).cache().orElseThrow();
        assertFalse(p.keySpec().negotiatesMediaType());
        assertEquals("Accept-Encoding", p.varyResponseHeader());
    }

    @Test
    void freshness_fromTheAnnotation_theOverride_orTheGlobalSetting() {
        assertTrue(compiler.compile(get("originDriven")).cache().orElseThrow().originDriven());
        assertFalse(compiler.compile(get("defaults")).cache().orElseThrow().originDriven());
        PolicyCompiler global = new PolicyCompiler(RestCacheSettings.load(
                k -> Optional.ofNullable(Map.of(RestCacheSettings.FRESHNESS, "origin").get(k))));
        assertTrue(global.compile(get("defaults")).cache().orElseThrow().originDriven());
        PolicyCompiler override = new PolicyCompiler(RestCacheSettings.load(
                k -> Optional.ofNullable(Map.of("restcache.method.\"com.x.Res.originDriven\".freshness", "annotation").get(k))));
        assertFalse(override.compile(get("originDriven")).cache().orElseThrow().originDriven());
        assertFails("badFreshness", "com.x.Res#badFreshness", "freshness", "'whenever'");
    }

    @Test
    void implementedAttributes_takeEffect() {
        CompiledMethod stale = compiler.compile(get("stale"));
        assertEquals(Duration.ofSeconds(10), stale.cache().orElseThrow().staleWhileRevalidate());
        CompiledMethod invalidates = compiler.compile(describe("invalidates", Set.of("PUT")));
        assertEquals(List.of("user:{id}"), invalidates.invalidation().orElseThrow().stream().map(Object::toString).toList());
        assertFalse(compiler.compile(get("tagged")).cache().orElseThrow().tags().isEmpty());
    }

    @Test
    void configOverride_winsOverTheAnnotation_andBadOverridesNameTheKey() {
        PolicyCompiler overridden = new PolicyCompiler(RestCacheSettings.load(k -> Optional.ofNullable(Map.of(
                "restcache.method.\"com.x.Res.tagged\".ttl", "5m",
                "restcache.method.\"com.x.Res.defaults\".ttl", "never").get(k))));
        assertEquals(Duration.ofMinutes(5), overridden.compile(get("tagged")).cache().orElseThrow().ttl());
        PolicyException e = assertThrows(PolicyException.class, () -> overridden.compile(get("defaults")));
        assertTrue(e.getMessage().contains("restcache.method.\"com.x.Res.defaults\".ttl"), e.getMessage());
        assertTrue(e.getMessage().contains("'never'"), e.getMessage());
    }

    @Test
    void contributors_mustNameAKnownBean() {
        PolicyCompiler withTenant = new PolicyCompiler(RestCacheSettings.load(k -> Optional.empty()), Set.of("tenant"));
        assertEquals(List.of("tenant"), withTenant.compile(get("contributors")).cache().orElseThrow().keySpec()
                .contributors());
        PolicyException e = assertThrows(PolicyException.class, () -> compiler.compile(get("contributors")));
        assertTrue(e.getMessage().contains("no KeyContributor bean has that name"), e.getMessage());
    }

    @Test
    void roleConstraints_areCarriedIntoThePolicy() {
        MethodDescription d = get("defaults");
        MethodDescription guarded = new MethodDescription(d.className(), d.methodName(), d.httpMethods(),
                d.pathTemplate(), d.queryParamNames(), d.produces(), false, false,
                new AccessConstraint(false, Set.of("admin")), d.cached(), d.varyBy(), d.cacheTags(), d.invalidateTags());
        AccessConstraint access = compiler.compile(guarded).cache().orElseThrow().access();
        assertTrue(access.permits("admin"::equals));
        assertFalse(access.permits("user"::equals));
        assertFalse(new AccessConstraint(true, Set.of()).permits(r -> true));
        assertTrue(AccessConstraint.NONE.permits(r -> false));
    }

    @Test
    void query_byDefault_onlyTheDeclaredParametersCount_plusTheListedOnes() {
        assertEquals(Set.of("q"), spec(get("defaults")).queryNames());
        assertFalse(spec(get("defaults")).allQueryParameters());
        assertEquals(Set.of("q", "page"), spec(get("listsQuery")).queryNames());
        assertFalse(spec(get("listsQuery")).allQueryParameters());
    }

    @Test
    void query_aMethodThatReadsTheWholeQuery_countsEveryParameter_unlessItListsThem() {
        assertTrue(spec(readingWholeQuery(get("defaults"))).allQueryParameters());
        assertFalse(spec(readingWholeQuery(get("listsQuery"))).allQueryParameters());
    }

    @Test
    void authority_isKeyedByDefault_andCanBeIgnored() {
        assertTrue(spec(get("defaults")).keysAuthority());
        PolicyCompiler ignoring = new PolicyCompiler(settings("restcache.key.authority", "ignore"));
        assertFalse(ignoring.compile(get("defaults")).cache().orElseThrow().keySpec().keysAuthority());
    }

    @Test
    void languages_fromTheAnnotation_elseFromConfig_elseNone() {
        assertEquals(List.of("en", "de"), spec(get("languages")).supportedLanguages());
        assertEquals(List.of(), spec(get("configuredLanguages")).supportedLanguages());
        PolicyCompiler configured = new PolicyCompiler(settings("restcache.vary.accept-language.supported", "fr, it"));
        assertEquals(List.of("fr", "it"), configured.compile(get("configuredLanguages")).cache().orElseThrow()
                .keySpec().supportedLanguages());
        assertEquals(List.of("en", "de"), configured.compile(get("languages")).cache().orElseThrow()
                .keySpec().supportedLanguages());
        assertEquals(List.of(), configured.compile(get("defaults")).cache().orElseThrow().keySpec()
                .supportedLanguages(), "only methods that vary by Accept-Language resolve it");
    }

    @Test
    void languages_nonsense_failsTheDeploymentNamingTheMethod() {
        assertFails("languagesWithoutHeader", "com.x.Res#languagesWithoutHeader", "Accept-Language");
        assertFails("badLanguage", "com.x.Res#badLanguage", "@VaryBy(languages)", "'en_US!'");
    }

    private static RestCacheSettings settings(String key, String value) {
        return RestCacheSettings.load(k -> k.equals(key) ? Optional.of(value) : Optional.empty());
    }

    private io.restcache.internal.key.KeySpec spec(MethodDescription d) {
        return compiler.compile(d).cache().orElseThrow().keySpec();
    }

    private static MethodDescription readingWholeQuery(MethodDescription d) {
        return new MethodDescription(d.className(), d.methodName(), d.httpMethods(), d.pathTemplate(),
                d.queryParamNames(), d.produces(), false, false, d.access(), d.cached(), d.varyBy(), d.cacheTags(),
                d.invalidateTags(), d.interceptors(), d.identitySources(), d.invalidateTagsOnClass(), true);
    }

    private void assertFails(String method, String... fragments) {
        PolicyException e = assertThrows(PolicyException.class, () -> compiler.compile(get(method)));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), e.getMessage() + " should contain " + f);
        }
    }

    private static MethodDescription get(String name) {
        return describe(name, Set.of("GET"));
    }

    private static MethodDescription describe(String name, Set<String> httpMethods) {
        return describe(name, httpMethods, List.of("application/json"));
    }

    private static MethodDescription describe(String name, Set<String> httpMethods, List<String> produces) {
        Method m = Arrays.stream(Samples.class.getDeclaredMethods()).filter(x -> x.getName().equals(name))
                .findFirst().orElseThrow();
        return new MethodDescription("com.x.Res", name, httpMethods, "/users/{id}", Set.of("q"), produces, false,
                false, AccessConstraint.NONE, Optional.ofNullable(m.getAnnotation(Cached.class)), Optional.ofNullable(m.getAnnotation(VaryBy.class)),
                Optional.ofNullable(m.getAnnotation(CacheTags.class)),
                Optional.ofNullable(m.getAnnotation(InvalidateTags.class)));
    }
}
