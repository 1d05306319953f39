package io.restcache.itests.support;

import io.restcache.internal.config.RestCacheSettings;
import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.runtime.FleetClock;
import io.restcache.internal.store.redis.Namespace;
import io.restcache.internal.store.redis.RedisConnector;
import io.restcache.internal.store.redis.RedisResponseStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * For tests that call restcache's store layer directly: a Redis process of their own (standalone, or a
 * one-node cluster, which refuses every cross-slot command), restcache's connector to it, and a namespace
 * in generation 0 whose control state exists in Redis, as a running fleet's first node would have made it.
 *
 * @param redis the process the test started (killed by {@link #close})
 * @param connector restcache's connection to it
 * @param names the key names, generation 0
 */
public record StoreLevelRedis(RedisProcess redis, RedisConnector connector, Namespace names) implements AutoCloseable {

    /** Starts the Redis and connects restcache to it under {@code prefix}. */
    public static StoreLevelRedis start(boolean cluster, String prefix) {
        RedisProcess redis = cluster ? RedisProcess.startCluster() : RedisProcess.start();
        Map<String, String> config = new HashMap<>(Map.of(RestCacheSettings.KEY_PREFIX, prefix,
                RestCacheSettings.REDIS_TIMEOUT, "5s"));
        if (cluster) {
            config.put(RestCacheSettings.REDIS_CONFIG_FILE, redis.clusterConfigFile().toString());
        } else {
            config.put(RestCacheSettings.REDIS_ADDRESS, redis.address());
        }
        RestCacheSettings settings = RestCacheSettings.load(k -> Optional.ofNullable(config.get(k)));
        RedisConnector connector = RedisConnector.connecting(settings, c -> { });
        connector.awaitFirstAttempt(Duration.ofSeconds(30));
        Namespace names = new Namespace(new KeyBuilder(prefix));
        names.adopt(new Namespace.Incarnation(prefix, 0));
        // the control state the stores check (generation 0)
        redis.command("HSET", names.controlKey(), "id", prefix, "gen", "0");
        return new StoreLevelRedis(redis, connector, names);
    }

    /** restcache's store over this Redis, on this node's fleet clock, with the given variant limit. */
    public RedisResponseStore store(int maxVariants) {
        FleetClock clock = FleetClock.system();
        return new RedisResponseStore(connector, names, clock::lowerBoundMicros, clock::micros, maxVariants);
    }

    /** restcache's store with the default variant limit. */
    public RedisResponseStore store() {
        FleetClock clock = FleetClock.system();
        return new RedisResponseStore(connector, names, clock::lowerBoundMicros, clock::micros);
    }

    @Override
    public void close() {
        connector.close();
        redis.kill();
    }
}
