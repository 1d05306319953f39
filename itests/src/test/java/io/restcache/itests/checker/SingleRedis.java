package io.restcache.itests.checker;

import io.restcache.itests.support.RedisProcess;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The checker's one redis-server, which the test started and which a fault may kill and restart. */
final class SingleRedis implements RedisControl {

    private volatile RedisProcess redis;

    SingleRedis(RedisProcess redis) {
        this.redis = redis;
    }

    @Override
    public Map<String, String> restcacheConfig() {
        return Map.of("restcache.redis.address", redis.address());
    }

    @Override
    public String command(String... words) {
        return redis.command(words);
    }

    @Override
    public void killAndRestartEmpty() {
        int port = redis.port();
        redis.kill();
        redis = RedisProcess.startOn(port);     // RedisProcess runs without RDB or AOF: the new server is empty
    }

    @Override
    public Optional<String> pubSubConnectionOf(String node) {
        return subscribedClient(redis.command("CLIENT", "LIST"), node);
    }

    /** The id, in a CLIENT LIST reply, of {@code node}'s connection that holds a subscription (plain or sharded). */
    static Optional<String> subscribedClient(String clientList, String node) {
        for (String line : clientList.split("\n")) {
            List<String> fields = Arrays.asList(line.split(" "));
            if (fields.contains("name=restcache:" + node) && fields.stream().anyMatch(f -> f.matches("s?sub=[1-9]\\d*"))) {
                return fields.stream().filter(f -> f.startsWith("id=")).findFirst().map(f -> f.substring(3));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        redis.kill();
    }
}
