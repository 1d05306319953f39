package io.restcache.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.restcache.internal.store.StoreKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemcachedSettingsTest {

    private static MemcachedSettings load(Map<String, String> values) {
        return RestCacheSettings.load(key -> Optional.ofNullable(values.get(key))).memcached();
    }

    @Test
    void defaults_redisStore_noServers_versionsTrustedOneSecond() {
        MemcachedSettings s = load(Map.of());
        assertEquals(StoreKind.REDIS, s.defaultStore());
        assertEquals(List.of(), s.servers());
        assertEquals(Duration.ofSeconds(1), s.versionMaxAge());
        assertEquals(Duration.ofMillis(100), s.clockSkew());
    }

    @Test
    void clockSkew_mayBeZero() {
        assertEquals(Duration.ZERO, load(Map.of("restcache.memcached.clock-skew", "0ms")).clockSkew());
    }

    @Test
    void servers_areParsed() {
        MemcachedSettings s = load(Map.of("restcache.memcached.servers", "127.0.0.1:11211, cache-2:11212",
                "restcache.store", "memcached"));
        assertEquals(StoreKind.MEMCACHED, s.defaultStore());
        assertEquals(List.of(new MemcachedSettings.Server("127.0.0.1", 11211),
                new MemcachedSettings.Server("cache-2", 11212)), s.servers());
    }

    @Test
    void versionMaxAge_defaultsToTheNearCacheAgeWhenThatIsShorter() {
        assertEquals(Duration.ofMillis(500), load(Map.of("restcache.near-cache.max-age", "500ms")).versionMaxAge());
    }

    @Test
    void badValues_failNamingTheKeyAndTheValue() {
        assertMessage(Map.of("restcache.store", "mongo"), "restcache.store must be redis or memcached, was 'mongo'");
        assertMessage(Map.of("restcache.store", "memcached"),
                "restcache.memcached.servers must be at least one host:port when restcache.store=memcached, was ''");
        assertMessage(Map.of("restcache.memcached.servers", "localhost"),
                "restcache.memcached.servers must be a comma-separated list of host:port, was 'localhost'");
        assertMessage(Map.of("restcache.memcached.servers", "h:99999"),
                "restcache.memcached.servers must be ports from 1 to 65535, was 'h:99999'");
        assertMessage(Map.of("restcache.memcached.version-max-age", "5s"),
                "restcache.memcached.version-max-age must be at most restcache.near-cache.max-age (3000 ms), was '5s'");
        assertMessage(Map.of("restcache.memcached.clock-skew", "-1s"),
                "restcache.memcached.clock-skew must be a duration such as 250ms, 30s, 5m, 2h, 1d or PT30S, was '-1s'");
        assertMessage(Map.of("restcache.memcached.clock-skew", "2m"),
                "restcache.memcached.clock-skew must be at most 1m, was '2m'");
    }

    private static void assertMessage(Map<String, String> values, String expected) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> load(values));
        assertEquals(expected, e.getMessage());
    }
}
