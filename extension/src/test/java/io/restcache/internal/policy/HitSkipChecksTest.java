package io.restcache.internal.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.Cached;
import io.restcache.InvalidateTags;
import io.restcache.VaryBy;
import io.restcache.internal.config.RestCacheSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a cache hit skips, refused at deployment unless declared harmless. */
class HitSkipChecksTest {

    @SuppressWarnings("unused")
    static class Samples {
        @Cached void plain() { }
        @Cached @VaryBy(user = true) void perUser() { }
        @Cached(hitSafeInterceptors = String.class) void declaresLogged() { }
        @Cached(shared = true) void shared() { }
        @Cached(shared = true, bodyIgnoresIdentity = true) void sharedAcknowledged() { }
        @Cached void notShared() { }
    }

    private static final InterceptorUse SECURED = new InterceptorUse("com.x.Secured", "on the class", true);
    private static final InterceptorUse AUDIT = new InterceptorUse("com.x.AuditInterceptor", "on the method", false);

    private final PolicyCompiler compiler = new PolicyCompiler(RestCacheSettings.load(k -> Optional.empty()));

    /** Regression: a method guarded by an application interceptor answered every caller's hit with the 200. */
    @Test
    void compile_cachedMethodWithAnApplicationInterceptor_failsNamingMethodBindingAndTheWayOut() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> compiler.compile(describe("plain", List.of(SECURED), List.of())));
        assertContains(e, "com.x.Res#plain", "@com.x.Secured (on the class)", "would not run on a cache hit",
                "@RolesAllowed", "hitSafeInterceptors = Secured.class", "restcache.hit-safe-interceptors=com.x.Secured");
    }

    @Test
    void compile_perUserMethodWithAnInterceptor_isRefusedToo() {
        assertThrows(PolicyException.class, () -> compiler.compile(describe("perUser", List.of(SECURED), List.of())));
    }

    @Test
    void compile_ejbInterceptorsClass_isRefused() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> compiler.compile(describe("plain", List.of(AUDIT), List.of())));
        assertContains(e, "@Interceptors(com.x.AuditInterceptor) (on the method)");
    }

    @Test
    void compile_transactionalAndOwnBindings_areHarmless() {
        assertDoesNotThrow(() -> compiler.compile(describe("plain", List.of(
                new InterceptorUse("jakarta.transaction.Transactional", "on the class", true),
                new InterceptorUse(InvalidateTags.class.getName(), "on the class", true)), List.of())));
    }

    @Test
    void compile_interceptorDeclaredHitSafe_byAnnotationOrConfig_isAccepted() {
        InterceptorUse logged = new InterceptorUse(String.class.getName(), "on the method", true);
        assertDoesNotThrow(() -> compiler.compile(describe("declaresLogged", List.of(logged), List.of())));
        PolicyCompiler configured = new PolicyCompiler(RestCacheSettings.load(
                config(RestCacheSettings.HIT_SAFE_INTERCEPTORS, " com.x.Secured , com.x.AuditInterceptor")));
        assertDoesNotThrow(() -> configured.compile(describe("plain", List.of(SECURED, AUDIT), List.of())));
        assertThrows(PolicyException.class, () -> compiler.compile(describe("declaresLogged", List.of(SECURED),
                List.of())), "declaring one binding safe does not declare another");
    }

    @Test
    void settings_hitSafeInterceptorsThatAreNotClassNames_failNamingKeyAndValue() {
        var e = assertThrows(io.restcache.internal.config.InvalidConfigurationException.class, () -> RestCacheSettings.load(
                config(RestCacheSettings.HIT_SAFE_INTERCEPTORS, "com.x.Ok,not a class")));
        assertTrue(e.getMessage().contains("restcache.hit-safe-interceptors") && e.getMessage().contains("'not a class'"),
                e.getMessage());
    }

    /** Regression: a shared method reading Jakarta Security's SecurityContext served one caller's body to all. */
    @Test
    void compile_sharedMethodWithAnIdentityInjectionPoint_failsUnlessAcknowledged() {
        List<String> source = List.of("field Res.security (jakarta.security.enterprise.SecurityContext)");
        PolicyException e = assertThrows(PolicyException.class,
                () -> compiler.compile(describe("shared", List.of(), source)));
        assertContains(e, "com.x.Res#shared", "jakarta.security.enterprise.SecurityContext", "@VaryBy(user = true)",
                "bodyIgnoresIdentity = true");
        assertDoesNotThrow(() -> compiler.compile(describe("sharedAcknowledged", List.of(), source)));
        assertDoesNotThrow(() -> compiler.compile(describe("notShared", List.of(), source)),
                "an unshared method never serves an authenticated caller from the cache");
        PolicyCompiler overridden = new PolicyCompiler(RestCacheSettings.load(config(
                "restcache.method.\"com.x.Res.shared\".body-ignores-identity", "true")));
        assertDoesNotThrow(() -> overridden.compile(describe("shared", List.of(), source)));
    }

    @Test
    void compile_invalidateTagsOnTheClass_isRejectedNotIgnored() {
        MethodDescription d = describe("notShared", List.of(), List.of());
        MethodDescription onClass = new MethodDescription(d.className(), d.methodName(), Set.of("POST"), d.pathTemplate(),
                d.queryParamNames(), d.produces(), false, false, d.access(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), List.of(), true, false);
        PolicyException e = assertThrows(PolicyException.class, () -> compiler.compile(onClass));
        assertContains(e, "com.x.Res: @InvalidateTags on a class is not supported");
    }

    private static java.util.function.Function<String, Optional<String>> config(String key, String value) {
        return k -> k.equals(key) ? Optional.of(value) : Optional.empty();
    }

    private static void assertContains(Exception e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), e.getMessage() + "\nshould contain: " + f);
        }
    }

    private static MethodDescription describe(String name, List<InterceptorUse> interceptors, List<String> identity) {
        var m = Arrays.stream(Samples.class.getDeclaredMethods()).filter(x -> x.getName().equals(name))
                .findFirst().orElseThrow();
        return new MethodDescription("com.x.Res", name, Set.of("GET"), "/users/{id}", Set.of(), List.of(), false,
                false, AccessConstraint.NONE, Optional.ofNullable(m.getAnnotation(Cached.class)),
                Optional.ofNullable(m.getAnnotation(VaryBy.class)), Optional.empty(), Optional.empty(),
                interceptors, identity, false, false);
    }
}
