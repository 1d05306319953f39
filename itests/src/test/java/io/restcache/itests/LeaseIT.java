package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.config.RestCacheSettings;
import io.restcache.key.CacheKey;
import io.restcache.key.KeyBuilder;
import io.restcache.store.redis.Namespace;
import io.restcache.store.redis.RedisConnector;
import io.restcache.store.redis.RedisLeases;
import io.restcache.itests.support.RedisProcess;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet fill lease against a real redis-server, without a container: only its owner releases it,
 * and a lease whose owner disappeared (a node that died mid-fill) expires by itself.
 */
class LeaseIT {

    private static RedisProcess redis;
    private static RedisConnector connector;
    private static RedisLeases leases;
    private static final CacheKey KEY = new CacheKey(0, "resource", "variant", "lease-it:v1:g0:r:{resource}");

    @BeforeAll
    static void connect() {
        redis = RedisProcess.start();
        Map<String, String> config = Map.of(RestCacheSettings.REDIS_ADDRESS, redis.address(),
                RestCacheSettings.KEY_PREFIX, "lease-it:", RestCacheSettings.REDIS_TIMEOUT, "5s");
        RestCacheSettings settings = RestCacheSettings.load(k -> Optional.ofNullable(config.get(k)));
        connector = RedisConnector.connecting(settings, c -> { });
        connector.awaitFirstAttempt(Duration.ofSeconds(30));
        leases = new RedisLeases(connector, new Namespace(new KeyBuilder("lease-it:")));
    }

    @AfterAll
    static void close() {
        connector.close();
        redis.kill();
    }

    @Test
    void lease_isExclusive_andReleasedOnlyByItsOwner() throws Exception {
        assertTrue(acquire("node-a", 30_000));
        assertFalse(acquire("node-b", 30_000), "a held lease is not taken twice");

        assertFalse(leases.release(KEY, "node-b").toCompletableFuture().get(5, TimeUnit.SECONDS),
                "a non-owner cannot release it");
        assertEquals("node-a", redis.command("GET", "lease-it:v1:g0:l:{resource}:variant"));

        assertTrue(leases.release(KEY, "node-a").toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(acquire("node-b", 30_000), "released: the next leader takes it");
        assertTrue(leases.release(KEY, "node-b").toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    @Test
    void leaseOfANodeThatDisappeared_expiresByItself() throws Exception {
        CacheKey other = new CacheKey(0, "resource", "other-variant", "lease-it:v1:g0:r:{resource}");
        assertTrue(leases.acquire(other, "dead-node", 300).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertFalse(leases.acquire(other, "survivor", 300).toCompletableFuture().get(5, TimeUnit.SECONDS));
        // the owner never releases (it died); a waiter elsewhere polls until the lease is gone
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> leases.acquire(other, "survivor", 30_000).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("survivor", redis.command("GET", "lease-it:v1:g0:l:{resource}:other-variant"));
    }

    private static boolean acquire(String token, long millis) throws Exception {
        return leases.acquire(KEY, token, millis).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
