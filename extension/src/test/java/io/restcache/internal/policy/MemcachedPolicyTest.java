package io.restcache.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.Cached;
import io.restcache.internal.config.RestCacheSettings;
import io.restcache.internal.store.StoreKind;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Choosing the store per method or globally, and what a Memcached method may not ask for. */
class MemcachedPolicyTest {

    @SuppressWarnings("unused")
    static class Samples {
        @Cached void plain() { }
        @Cached(store = "memcached") void onMemcached() { }
        @Cached(store = "redis") void onRedis() { }
        @Cached(store = "mongo") void unknownStore() { }
        @Cached(store = "memcached", maxBodySize = 2_000_000) void tooBig() { }
        @Cached(store = "memcached", maxBodySize = 500_000) void fits() { }
    }

    private static final Map<String, String> SERVERS = Map.of("restcache.memcached.servers", "127.0.0.1:11211");

    @Test
    void storeAttribute_selectsMemcachedForOneMethod_redisStaysTheDefault() {
        PolicyCompiler compiler = compiler(SERVERS);
        assertEquals(StoreKind.MEMCACHED, policy(compiler, "onMemcached").store());
        assertEquals(StoreKind.REDIS, policy(compiler, "plain").store());
    }

    @Test
    void globalStore_appliesToMethodsThatChooseNone_andAnAnnotationStillWins() {
        PolicyCompiler compiler = compiler(Map.of("restcache.memcached.servers", "127.0.0.1:11211",
                "restcache.store", "memcached"));
        assertEquals(StoreKind.MEMCACHED, policy(compiler, "plain").store());
        assertEquals(StoreKind.REDIS, policy(compiler, "onRedis").store());
    }

    @Test
    void perMethodOverride_winsOverTheAnnotation() {
        PolicyCompiler compiler = compiler(Map.of("restcache.memcached.servers", "127.0.0.1:11211",
                "restcache.method.\"com.x.Res.onMemcached\".store", "redis"));
        assertEquals(StoreKind.REDIS, policy(compiler, "onMemcached").store());
    }

    @Test
    void unknownStore_failsNamingTheMethodAndTheValue() {
        PolicyException e = assertThrows(PolicyException.class, () -> compiler(SERVERS).compile(get("unknownStore")));
        assertTrue(e.getMessage().startsWith("com.x.Res#unknownStore: store"), e.getMessage());
        assertTrue(e.getMessage().contains("'mongo'"), e.getMessage());
    }

    @Test
    void memcachedWithoutServers_failsTheDeployment() {
        PolicyException e = assertThrows(PolicyException.class, () -> compiler(Map.of()).compile(get("onMemcached")));
        assertEquals("com.x.Res#onMemcached: @Cached(store) is memcached, but restcache.memcached.servers names no "
                + "server", e.getMessage());
    }

    @Test
    void maxBodySizeAboveTheItemLimit_failsNamingTheMethodAndTheAttribute() {
        PolicyException e = assertThrows(PolicyException.class, () -> compiler(SERVERS).compile(get("tooBig")));
        assertTrue(e.getMessage().startsWith("com.x.Res#tooBig: @Cached(maxBodySize)"), e.getMessage());
        assertTrue(e.getMessage().contains("2000000"), e.getMessage());
    }

    @Test
    void theGlobalDefaultBodySize_isBoundedBelowTheItemLimit_anExplicitOneThatFitsIsKept() {
        PolicyCompiler compiler = compiler(SERVERS);
        assertEquals(MemcachedLimits.MAX_BODY, policy(compiler, "onMemcached").maxBodySize());
        assertEquals(500_000, policy(compiler, "fits").maxBodySize());
        assertEquals(1024 * 1024, policy(compiler, "plain").maxBodySize(), "Redis methods keep the default");
    }

    private static PolicyCompiler compiler(Map<String, String> config) {
        return new PolicyCompiler(RestCacheSettings.load(k -> Optional.ofNullable(config.get(k))));
    }

    private static CachePolicy policy(PolicyCompiler compiler, String method) {
        return compiler.compile(get(method)).cache().orElseThrow();
    }

    private static MethodDescription get(String name) {
        Method m = Arrays.stream(Samples.class.getDeclaredMethods()).filter(x -> x.getName().equals(name))
                .findFirst().orElseThrow();
        return new MethodDescription("com.x.Res", name, Set.of("GET"), "/items/{id}", Set.of(), List.of("application/json"),
                false, false, AccessConstraint.NONE, Optional.of(m.getAnnotation(Cached.class)), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
