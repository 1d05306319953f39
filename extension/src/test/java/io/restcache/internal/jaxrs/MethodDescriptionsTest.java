package io.restcache.internal.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.Cached;
import io.restcache.InvalidateTags;
import io.restcache.internal.config.RestCacheSettings;
import io.restcache.internal.policy.InterceptorUse;
import io.restcache.internal.policy.MethodDescription;
import io.restcache.internal.policy.PolicyCompiler;
import io.restcache.internal.policy.PolicyException;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Stereotype;
import jakarta.inject.Inject;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.Interceptors;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** What the adapter reads from a resource class at deployment, without a container. */
class MethodDescriptionsTest {

    @InterceptorBinding @Retention(RetentionPolicy.RUNTIME) @interface Secured { }

    @InterceptorBinding @Retention(RetentionPolicy.RUNTIME) @Secured @interface Audited { }

    @Stereotype @Retention(RetentionPolicy.RUNTIME) @Audited @interface SecureService { }

    static class AuditInterceptor { }

    @Path("a")
    @Secured
    static class ClassBound {
        @GET @Cached public String get() { return ""; }
    }

    @Path("b")
    @SecureService
    static class ThroughStereotype {
        @GET @Cached @Interceptors(AuditInterceptor.class) public String get() { return ""; }
    }

    @Path("c")
    @Cached
    static class CachedClass {
        @GET public String read() { return ""; }
        @POST public String create() { return ""; }
        @PUT public String replace() { return ""; }
        @GET public CompletionStage<String> later() { return null; }
    }

    @Path("d")
    @InvalidateTags("x")
    static class InvalidatingClass {
        @POST public String create() { return ""; }
    }

    /** Stands in for an application bean that reads the caller; the resource injects it. */
    static class WhoAmI {
        @Inject Principal principal;
    }

    static class Unrelated {
        @Inject String nothing;
    }

    @Path("e")
    static class ReadsIdentity {
        @Inject Instance<Principal> principal;
        @Inject WhoAmI whoAmI;
        @Inject Unrelated unrelated;

        @GET @Cached(shared = true) public String get(@Context Principal caller) { return ""; }
    }

    @Path("f")
    static class ReadsNothing {
        @Inject Unrelated unrelated;

        ReadsNothing() { }

        @GET @Cached(shared = true) public String get() { return ""; }
    }

    private final PolicyCompiler compiler = new PolicyCompiler(RestCacheSettings.load(k -> Optional.empty()));

    @Test
    void interceptors_onTheClassThroughStereotypesAndBindingsOnBindings_areAllFound() {
        assertEquals(List.of(new InterceptorUse(Secured.class.getName(), "on the class", true)),
                describe(ClassBound.class, "get").interceptors());
        List<String> names = describe(ThroughStereotype.class, "get").interceptors().stream()
                .map(InterceptorUse::name).toList();
        assertEquals(List.of(AuditInterceptor.class.getName(), Audited.class.getName(), Secured.class.getName()), names);
    }

    @Test
    void compile_classBoundInterceptor_failsTheDeploymentNamingMethodAndBinding() {
        PolicyException e = assertThrows(PolicyException.class, () -> compiler.compile(describe(ClassBound.class, "get")));
        assertTrue(e.getMessage().contains(ClassBound.class.getName() + "#get")
                && e.getMessage().contains("@" + Secured.class.getName() + " (on the class)"), e.getMessage());
    }

    /** Regression: @Cached on a class with POST/PUT methods failed the deployment ("applies only to @GET"). */
    @Test
    void cachedClass_appliesToItsGetMethodsOnly() {
        assertTrue(compiler.compile(describe(CachedClass.class, "read")).cache().isPresent());
        assertTrue(compiler.compile(describe(CachedClass.class, "create")).cache().isEmpty());
        assertTrue(compiler.compile(describe(CachedClass.class, "replace")).cache().isEmpty());
    }

    /** Regression: a CompletionStage method was compiled as cacheable although its response comes later. */
    @Test
    void compile_completionStageMethod_isRefused() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> compiler.compile(describe(CachedClass.class, "later")));
        assertTrue(e.getMessage().contains("#later") && e.getMessage().contains("CompletionStage"), e.getMessage());
    }

    /** Regression: @InvalidateTags on a class was silently ignored. */
    @Test
    void invalidateTagsOnAClass_isSeenAndRejected() {
        assertTrue(MethodDescriptions.annotated(InvalidatingClass.class, method(InvalidatingClass.class, "create")));
        assertThrows(PolicyException.class, () -> compiler.compile(describe(InvalidatingClass.class, "create")));
    }

    @Test
    void identity_injectionPointsOfTheResourceAndOfItsBeans_areFound() {
        List<String> found = describe(ReadsIdentity.class, "get").identitySources();
        assertEquals(3, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("parameter") && found.get(0).contains("java.security.Principal"), found.toString());
        assertTrue(found.get(1).contains("ReadsIdentity.principal"), found.toString());
        assertTrue(found.get(2).contains("WhoAmI.principal"), "one level deep: " + found);
        assertFalse(describe(ReadsNothing.class, "get").identitySources().iterator().hasNext());
        assertThrows(PolicyException.class, () -> compiler.compile(describe(ReadsIdentity.class, "get")));
    }

    private static MethodDescription describe(Class<?> type, String name) {
        return MethodDescriptions.describe(type, method(type, name), new InterceptorScan(null),
                new IdentityInjectionScan(null));
    }

    private static Method method(Class<?> type, String name) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }

    @Path("things")
    public static class Things {
        @GET
        @jakarta.ws.rs.Produces("application/json")
        @Cached
        public String json() {
            return "";
        }

        @GET
        @jakarta.ws.rs.Produces("text/plain")
        @Cached
        public String text() {
            return "";
        }

        @POST
        @jakarta.ws.rs.Produces("application/xml")
        public String create() {
            return "";
        }

        @GET
        @Path("one")
        @jakarta.ws.rs.Produces("application/json")
        @Cached
        public String one() {
            return "";
        }
    }

    private static List<String> produces(String name) {
        return describe(Things.class, name).produces();
    }

    /** Regression: two methods of one path negotiating by @Produces did not name Accept in Vary. */
    @Test
    void produces_includesSiblingsOfTheSamePathAndVerb() {
        assertEquals(List.of("application/json", "text/plain"), produces("json"));
        assertEquals(List.of("text/plain", "application/json"), produces("text"));
        assertEquals(List.of("application/json"), produces("one"), "another path, or another verb, does not count");
    }
}
