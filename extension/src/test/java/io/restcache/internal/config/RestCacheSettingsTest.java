package io.restcache.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestCacheSettingsTest {

    private static RestCacheSettings load(Map<String, String> values) {
        return RestCacheSettings.load(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void defaults_areTheDocumentedOnes() {
        RestCacheSettings s = load(Map.of());
        assertEquals("redis://127.0.0.1:6379", s.redisAddress());
        assertEquals(Duration.ofSeconds(60), s.defaultTtl());
        assertEquals(Duration.ofMillis(50), s.redisBudget());
        assertEquals("restcache:", s.keyPrefix());
        assertEquals(1024 * 1024, s.maxBodySize());
        assertTrue(s.enabled());
        assertTrue(s.keySecret().isEmpty());
        assertTrue(s.keyAuthority());
        assertEquals(64, s.maxVariants());
        assertTrue(s.supportedLanguages().isEmpty());
        assertEquals(java.util.List.of("en", "de-CH"),
                load(Map.of("restcache.vary.accept-language.supported", " en,de-CH, EN ,")).supportedLanguages());
    }

    @Test
    void badValues_failNamingTheKeyAndTheValue() {
        assertMessage(Map.of("restcache.max-body-size", "-5"), "restcache.max-body-size must be a positive integer (bytes), was '-5'");
        assertMessage(Map.of("restcache.redis.address", "localhost:6379"), "restcache.redis.address must be a redis:// or rediss:// address, was 'localhost:6379'");
        assertMessage(Map.of("restcache.enabled", "yes"), "restcache.enabled must be true or false, was 'yes'");
        assertMessage(Map.of("restcache.redis.budget", "0ms"), "restcache.redis.budget must be a positive duration, was '0ms'");
        assertMessage(Map.of("restcache.key-prefix", "a{b}"), "restcache.key-prefix must be non-empty, without braces or spaces, was 'a{b}'");
        assertMessage(Map.of("restcache.key.authority", "sometimes"), "restcache.key.authority must be include or ignore, was 'sometimes'");
        assertMessage(Map.of("restcache.key.max-variants", "0"), "restcache.key.max-variants must be a positive integer, was '0'");
        assertMessage(Map.of("restcache.vary.accept-language.supported", "en, de_DE"),
                "restcache.vary.accept-language.supported must be a comma-separated list of language tags (en, de-CH), was 'de_DE'");
        assertMessage(Map.of("restcache.cdn-cache-control", "yes"), "restcache.cdn-cache-control must be ignore or honor, was 'yes'");
        assertMessage(Map.of("restcache.freshness", "cdn"), "restcache.freshness must be annotation or origin, was 'cdn'");
        assertMessage(Map.of("restcache.freshness.origin-max-ttl", "0s"), "restcache.freshness.origin-max-ttl must be a positive duration, was '0s'");
        assertMessage(Map.of("restcache.redis.purge-replicas", "all"),
                "restcache.redis.purge-replicas must be 'auto' or a number of replicas (0-99), was 'all'");
    }

    @Test
    void nearTracking_offByDefault_bcastOn_defaultModeRefusedWithTheReason() {
        assertEquals(NearTracking.OFF, load(Map.of()).nearTracking());
        assertEquals(NearTracking.BCAST, load(Map.of("restcache.near-cache.tracking", " BCAST ")).nearTracking());
        assertEquals(NearTracking.OFF, load(Map.of("restcache.near-cache.tracking", "off")).nearTracking());
        assertMessage(Map.of("restcache.near-cache.tracking", "on"), "restcache.near-cache.tracking must be off or bcast, was 'on'");
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> load(Map.of("restcache.near-cache.tracking", "default")));
        assertTrue(e.getMessage().startsWith("restcache.near-cache.tracking must be off or bcast (Redis's default tracking mode"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(", was 'default'"), e.getMessage());
    }

    @Test
    void revalidationKeep_anHourByDefault_offOrADuration() {
        assertEquals(java.time.Duration.ofHours(1), load(Map.of()).revalidationKeep());
        assertEquals(java.time.Duration.ZERO, load(Map.of("restcache.revalidation.keep", "off")).revalidationKeep());
        assertEquals(java.time.Duration.ofMinutes(10), load(Map.of("restcache.revalidation.keep", "10m")).revalidationKeep());
        assertMessage(Map.of("restcache.revalidation.keep", "0s"), "restcache.revalidation.keep must be a positive duration, was '0s'");
    }

    @Test
    void compressionLevel_autoByDefault_followsTheBodysSize_aGivenLevelHoldsForEverySize() {
        RestCacheSettings auto = load(Map.of());
        assertTrue(auto.compresses());
        assertEquals(6, auto.compressionLevelFor(2 * 1024));
        assertEquals(6, auto.compressionLevelFor(8 * 1024 - 1));
        assertEquals(1, auto.compressionLevelFor(8 * 1024));
        assertEquals(1, auto.compressionLevelFor(20 * 1024));
        assertEquals(1, load(Map.of("restcache.compression.level", " auto ")).compressionLevelFor(50_000));
        RestCacheSettings nine = load(Map.of("restcache.compression.level", "9"));
        assertEquals(9, nine.compressionLevelFor(2 * 1024));
        assertEquals(9, nine.compressionLevelFor(20 * 1024));
        RestCacheSettings off = load(Map.of("restcache.compression.level", "0"));
        assertFalse(off.compresses());
        assertEquals(0, off.compressionLevelFor(20 * 1024));
        assertMessage(Map.of("restcache.compression.level", "fast"),
                "restcache.compression.level must be auto, 0 (off) or a gzip level from 1 to 9, was 'fast'");
        assertMessage(Map.of("restcache.compression.level", "10"),
                "restcache.compression.level must be auto, 0 (off) or a gzip level from 1 to 9, was '10'");
    }

    @Test
    void purgeReplicas_autoByDefault_orTheGivenNumber() {
        assertEquals(Optional.empty(), load(Map.of()).purgeReplicas());
        assertEquals(Optional.of(2), load(Map.of("restcache.redis.purge-replicas", "2")).purgeReplicas());
        assertEquals(Optional.of(0), load(Map.of("restcache.redis.purge-replicas", " 0 ")).purgeReplicas());
    }

    @Test
    void nettyThreads_autoIsTwoPerProcessorCappedAtRedissonsDefault() {
        assertEquals(2, RestCacheSettings.autoNettyThreads(1));
        assertEquals(4, RestCacheSettings.autoNettyThreads(2));
        assertEquals(16, RestCacheSettings.autoNettyThreads(8));
        assertEquals(32, RestCacheSettings.autoNettyThreads(16));
        assertEquals(32, RestCacheSettings.autoNettyThreads(96));
        assertEquals(Math.min(32, 2 * Runtime.getRuntime().availableProcessors()), load(Map.of()).redisNettyThreads());
    }

    @Test
    void nettyThreads_aGivenNumberWins_andABadOneFailsNamingKeyAndValue() {
        assertEquals(6, load(Map.of("restcache.redis.netty-threads", " 6 ")).redisNettyThreads());
        assertEquals(256, load(Map.of("restcache.redis.netty-threads", "256")).redisNettyThreads());
        for (String bad : new String[] {"0", "257", "-4", "many", "4.5", ""}) {
            assertMessage(Map.of("restcache.redis.netty-threads", bad),
                    "restcache.redis.netty-threads must be 'auto' or a number of threads (1-256), was '" + bad + "'");
        }
    }

    @Test
    void shortSecret_isRejectedWithoutPrintingIt() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> load(Map.of("restcache.key-secret", "hunter2")));
        assertTrue(e.getMessage().contains("restcache.key-secret"));
        assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void methodOverride_readsTheQuotedMethodKey() {
        RestCacheSettings s = load(Map.of("restcache.method.\"com.x.Users.get\".ttl", "5m"));
        assertEquals(Optional.of("5m"), s.methodOverride("com.x.Users", "get", "ttl"));
        assertEquals(Optional.empty(), s.methodOverride("com.x.Users", "list", "ttl"));
    }

    private static final String SECRET = "0123456789abcdef";

    @Test
    void edge_isOffByDefault() {
        EdgeSettings edge = load(Map.of()).edge();
        assertEquals(EdgeSettings.KeyFormat.OFF, edge.keyFormat());
        assertTrue(!edge.cacheGroups() && !edge.rawTags() && !edge.labelsResponses());
        assertEquals(EdgeSettings.Purger.NONE, edge.purger());
        assertEquals(Duration.ofSeconds(2), edge.purgeTimeout());
        assertEquals(10_000, edge.purgeQueue());
    }

    @Test
    void edge_varnish_readsItsHosts() {
        EdgeSettings edge = load(Map.of("restcache.edge.surrogate-keys", "xkey", "restcache.key-secret", SECRET,
                "restcache.edge.purger", "varnish", "restcache.edge.varnish.hosts", "http://a:6081, http://b:6081")).edge();
        assertEquals(EdgeSettings.KeyFormat.XKEY, edge.keyFormat());
        assertEquals("xkey", edge.keyFormat().header());
        assertEquals(java.util.List.of(java.net.URI.create("http://a:6081"), java.net.URI.create("http://b:6081")),
                edge.varnishHosts());
    }

    @Test
    void edge_badValues_failNamingTheKeyAndTheValue() {
        assertMessage(Map.of("restcache.edge.surrogate-keys", "fastly"),
                "restcache.edge.surrogate-keys must be off, surrogate-key, xkey or cache-tag, was 'fastly'");
        assertMessage(Map.of("restcache.edge.cache-groups", "yes"), "restcache.edge.cache-groups must be on or off, was 'yes'");
        assertMessage(Map.of("restcache.edge.purger", "akamai"),
                "restcache.edge.purger must be none, varnish, fastly or cloudflare, was 'akamai'");
        assertMessage(Map.of("restcache.edge.surrogate-keys", "xkey"), "restcache.key-secret must be set (the same on "
                + "every node) when edge keys are hashed (restcache.edge.surrogate-keys=xkey, restcache.edge.cache-groups=off), "
                + "was '<not set>'");
        assertMessage(Map.of("restcache.edge.purger", "varnish", "restcache.edge.varnish.hosts", "http://a"),
                "restcache.edge.purger must be none while restcache.edge.surrogate-keys=off (the edge would hold no keys "
                        + "to purge), was 'varnish'");
        assertMessage(Map.of("restcache.edge.surrogate-keys", "xkey", "restcache.key-secret", SECRET,
                "restcache.edge.purger", "varnish"), "restcache.edge.varnish.hosts must be a comma-separated list of "
                + "http:// URLs with restcache.edge.purger=varnish, was ''");
        assertMessage(Map.of("restcache.edge.surrogate-keys", "xkey", "restcache.key-secret", SECRET,
                "restcache.edge.purger", "varnish", "restcache.edge.varnish.hosts", "varnish:6081"),
                "restcache.edge.varnish.hosts must be an http:// or https:// URL, was 'varnish:6081'");
        assertMessage(Map.of("restcache.edge.surrogate-keys", "surrogate-key", "restcache.key-secret", SECRET,
                "restcache.edge.purger", "fastly", "restcache.edge.fastly.api-token", "t"),
                "restcache.edge.fastly.service-id must be set with restcache.edge.purger=fastly, was ''");
        assertMessage(Map.of("restcache.edge.surrogate-keys", "cache-tag", "restcache.key-secret", SECRET,
                "restcache.edge.purger", "cloudflare", "restcache.edge.cloudflare.zone-id", "z"),
                "restcache.edge.cloudflare.api-token must be set with restcache.edge.purger=cloudflare, was ''");
        assertMessage(Map.of("restcache.edge.purge-queue", "0"), "restcache.edge.purge-queue must be a positive integer, was '0'");
        assertMessage(Map.of("restcache.edge.raw-tags", "maybe"), "restcache.edge.raw-tags must be true or false, was 'maybe'");
    }

    @Test
    void edge_rawTags_needNoSecret() {
        assertTrue(load(Map.of("restcache.edge.surrogate-keys", "cache-tag", "restcache.edge.raw-tags", "true"))
                .edge().rawTags());
    }

    private static void assertMessage(Map<String, String> values, String expected) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> load(values));
        assertEquals(expected, e.getMessage());
    }
}
