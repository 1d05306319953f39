package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restcache.internal.config.RestCacheSettings;
import io.restcache.itests.support.RedisCluster;
import io.restcache.itests.support.RedisCommands;
import io.restcache.itests.support.RedisProcess;
import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.store.TagRef;
import io.restcache.internal.store.redis.Namespace;
import io.restcache.internal.store.redis.RedisConnector;
import io.restcache.internal.store.redis.RedisInvalidator;
import io.restcache.internal.store.redis.ReplicatedWrites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a tag purge costs through restcache's invalidator, on one Redis and on a real 3-master cluster, at
 * 10 and 10,000 indexed variants (each variant its own resource, so on the cluster they spread over every
 * master). Prints min/median/max over rounds (the figures BENCHMARKS.md quotes); asserts only that every
 * purge dropped everything — timing is not asserted on a shared machine.
 */
class PurgeCostIT {

    private static final int ROUNDS = 5;

    @Test
    void tagPurge_onOneRedis_andOnAThreeMasterCluster() throws Exception {
        try (RedisProcess single = RedisProcess.start(); RedisCluster cluster = RedisCluster.start()) {
            for (int variants : new int[] {10, 10_000}) {
                report("one Redis", variants, measure(single, Map.of(RestCacheSettings.REDIS_ADDRESS, single.address()),
                        variants, false));
                report("3-master cluster", variants, measure(cluster,
                        Map.of(RestCacheSettings.REDIS_CONFIG_FILE, cluster.configFile().toString()), variants, false));
                // what restcache does by default where masters have replicas: every batch waits for one (WAIT)
                report("3-master cluster, replica-confirmed", variants, measure(cluster,
                        Map.of(RestCacheSettings.REDIS_CONFIG_FILE, cluster.configFile().toString()), variants, true));
            }
        }
    }

    private static List<Double> measure(RedisCommands redis, Map<String, String> where, int variants,
            boolean replicaConfirmed) throws Exception {
        Map<String, String> config = new HashMap<>(where);
        config.put(RestCacheSettings.KEY_PREFIX, "cost:");
        config.put(RestCacheSettings.REDIS_TIMEOUT, "10s");
        RestCacheSettings settings = RestCacheSettings.load(k -> Optional.ofNullable(config.get(k)));
        RedisConnector connector = RedisConnector.connecting(settings, c -> { });
        try {
            connector.awaitFirstAttempt(Duration.ofSeconds(30));
            Namespace names = new Namespace(new KeyBuilder("cost:"));
            names.adopt(new Namespace.Incarnation("cost", 0));
            ReplicatedWrites writes = ReplicatedWrites.unconfirmed();
            if (replicaConfirmed) {
                writes = new ReplicatedWrites(null, Duration.ofSeconds(1));
                writes.detect(connector.client().orElseThrow());
                assertEquals(1, writes.acks(), "the cluster's masters have replicas");
            }
            RedisInvalidator invalidator = new RedisInvalidator(connector, names, writes);
            List<Double> millis = new ArrayList<>();
            for (int round = 0; round < ROUNDS + 1; round++) {
                TagRef tag = TagRef.tag("cost-" + variants + "-" + round);
                String index = names.indexKey(0, tag);
                for (int from = 0; from < variants; from += 1_000) {
                    List<String> zadd = new ArrayList<>(List.of("ZADD", index));
                    for (int i = from; i < Math.min(variants, from + 1_000); i++) {
                        String resource = "res-" + round + "-" + i;
                        zadd.add("9999999999999");
                        zadd.add(Namespace.member(resource, "v"));
                        if (i % 100 == 0) {     // some variants exist; HDEL of a missing field costs the same
                            redis.command("HSET", names.keys().resourceKey(0, resource), "v", "x");
                        }
                    }
                    redis.command(zadd.toArray(String[]::new));
                }
                long t0 = System.nanoTime();
                int dropped = invalidator.purge(Set.of(tag)).toCompletableFuture().get(120, TimeUnit.SECONDS);
                long took = System.nanoTime() - t0;
                assertEquals(variants, dropped);
                assertEquals("0", redis.command("ZCARD", index));
                if (round > 0) {            // the first round warms the client and the scripts up
                    millis.add(took / 1e6);
                }
            }
            return millis;
        } finally {
            connector.close();
        }
    }

    private static void report(String where, int variants, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("[purge-cost] %s, %,d variants: min %.2f ms, median %.2f ms, max %.2f ms over %d rounds%n",
                where, variants, sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
                sorted.size());
    }
}
