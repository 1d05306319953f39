package io.restcache.bench;

import io.restcache.internal.runtime.FleetClock;
import io.restcache.internal.store.redis.Namespace;
import io.restcache.internal.store.redis.RedisConnector;
import io.restcache.internal.store.redis.RedisResponseStore;
import java.util.Map;
import org.redisson.client.codec.StringCodec;

/** The store a benchmark fills directly, in generation 0 of a control state it creates as a fleet would. */
final class BenchStores {

    private BenchStores() {
    }

    static RedisResponseStore store(RedisConnector connector, Namespace namespace) {
        // stores check the control state's generation: create it, as the first node of a fleet does
        connector.client().orElseThrow().<String, String>getMap(namespace.controlKey(), StringCodec.INSTANCE)
                .putAll(Map.of("id", "bench", "gen", "0"));
        FleetClock clock = FleetClock.system();
        return new RedisResponseStore(connector, namespace, clock::lowerBoundMicros, clock::micros);
    }
}
