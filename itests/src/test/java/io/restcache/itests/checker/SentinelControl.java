package io.restcache.itests.checker;

import io.restcache.itests.support.RedisSentinel;
import java.util.Map;
import java.util.Optional;

/** The checker's Redis as a Sentinel setup: commands go to the current primary, which a fault may kill. */
final class SentinelControl implements RedisControl {

    private final RedisSentinel sentinel;

    SentinelControl(RedisSentinel sentinel) {
        this.sentinel = sentinel;
    }

    RedisSentinel sentinel() {
        return sentinel;
    }

    @Override
    public Map<String, String> restcacheConfig() {
        return Map.of("restcache.redis.config-file", sentinel.configFile().toString());
    }

    @Override
    public String command(String... words) {
        return sentinel.command(words);
    }

    /** Under Sentinel, the primary fails over to a replica and comes back empty as a replica. */
    @Override
    public void killAndRestartEmpty() {
        int dead = sentinel.killPrimary();
        sentinel.awaitNewPrimary(dead, ClusterControl.FAILOVER);
        sentinel.restart(dead, ClusterControl.FAILOVER);
    }

    @Override
    public Optional<String> pubSubConnectionOf(String node) {
        return SingleRedis.subscribedClient(sentinel.command("CLIENT", "LIST"), node);
    }

    @Override
    public void close() {
        sentinel.close();
    }
}
