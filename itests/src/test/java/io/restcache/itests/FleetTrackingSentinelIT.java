package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.restcache.internal.config.NearTracking;
import io.restcache.internal.config.RestCacheSettings;
import io.restcache.internal.fleet.KeyTracking;
import io.restcache.internal.fleet.NearCache;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.KeyBuilder;
import io.restcache.itests.support.RedisSentinel;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.redis.Namespace;
import io.restcache.internal.store.redis.RedisConnector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Key tracking across a Sentinel failover, at the level of restcache's classes (no server): the new primary
 * has no tracking state, so the node must treat the failover as a loss — stop using its near cache, clear
 * it, track again on the new primary — and a raw change there must then drop near entries as before.
 */
class FleetTrackingSentinelIT {

    private static final String PREFIX = "trks:";

    @Test
    void failover_isALoss_nearCacheClearedAndTrackedAgainOnTheNewPrimary() {
        try (RedisSentinel sentinel = RedisSentinel.start()) {
            Map<String, String> config = Map.of(RestCacheSettings.KEY_PREFIX, PREFIX,
                    RestCacheSettings.REDIS_CONFIG_FILE, sentinel.configFile().toString(),
                    RestCacheSettings.REDIS_TIMEOUT, "2s");
            RestCacheSettings settings = RestCacheSettings.load(k -> Optional.ofNullable(config.get(k)));
            Namespace names = new Namespace(new KeyBuilder(PREFIX));
            names.adopt(new Namespace.Incarnation(PREFIX, 0));
            NearCache near = new NearCache(1 << 20, Duration.ofMinutes(5), Ticker.systemTicker());
            ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
            try (RedisConnector connector = RedisConnector.connecting(settings, c -> { })) {
                connector.awaitFirstAttempt(Duration.ofSeconds(30));
                KeyTracking tracking = new KeyTracking(NearTracking.BCAST, "sentinel-node", near, names, connector::client);
                ticks.scheduleWithFixedDelay(tracking::tick, 0, KeyTracking.TICK_MILLIS, TimeUnit.MILLISECONDS);
                await("tracking confirmed on the first primary", near::usable);

                CacheKey first = key(names, "first");
                near.put(first, entry(), near.epoch());
                sentinel.command("HSET", first.resourceKey(), "other", "x");          // a raw change: announced
                await("a raw HSET on the primary dropped the near entry", () -> near.get(first, true).isEmpty());

                CacheKey before = key(names, "before-failover");
                near.put(before, entry(), near.epoch());
                assertTrue(near.get(before, true).isPresent());
                int dead = sentinel.killPrimary();
                int promoted = sentinel.awaitNewPrimary(dead, Duration.ofSeconds(30));
                await("tracking confirmed again on the new primary " + promoted, near::usable);
                assertTrue(near.get(before, true).isEmpty(), "what was held before the failover is cleared");

                CacheKey after = key(names, "after-failover");
                near.put(after, entry(), near.epoch());
                assertTrue(near.get(after, true).isPresent());
                sentinel.node(promoted).command("DEL", after.resourceKey());
                sentinel.node(promoted).command("HSET", after.resourceKey(), "v", "x");
                await("a raw change on the new primary dropped the near entry", () -> near.get(after, true).isEmpty());
                tracking.close();
            } finally {
                ticks.shutdownNow();
            }
        }
    }

    private static CacheKey key(Namespace names, String resource) {
        return new CacheKey(0, resource, "v", names.keys().resourceKey(0, resource));
    }

    private static CacheEntry entry() {
        long now = System.currentTimeMillis();
        return new CacheEntry(200, false, List.of(), "\"e\"", now, now + 300_000, now + 300_000, new byte[8], Set.of());
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(condition);
    }
}
