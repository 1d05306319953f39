package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.restcache.itests.support.RedisProcess;
import io.restcache.itests.support.StoreLevelRedis;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.StoreOutcome;
import io.restcache.internal.store.TagRef;
import io.restcache.internal.store.redis.Namespace;
import io.restcache.internal.store.redis.RedisConnector;
import io.restcache.internal.store.redis.RedisResponseStore;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The per-resource variant limit in the store scripts, on one Redis and on a Redis Cluster (where the
 * resource's script runs apart from the index scripts): a new variant of a full resource is refused,
 * not indexed, and its lease is released; a variant already there is still replaced.
 */
class VariantLimitIT {

    private static final String PREFIX = "variant-limit:";
    private static final int LIMIT = 3;
    private static final Map<Topology, Fixture> FIXTURES = new HashMap<>();

    enum Topology { SINGLE, CLUSTER }

    record Fixture(RedisProcess redis, RedisConnector connector, RedisResponseStore store) {
    }

    @BeforeAll
    static void connect() {
        for (Topology topology : Topology.values()) {
            StoreLevelRedis r = StoreLevelRedis.start(topology == Topology.CLUSTER, PREFIX);
            FIXTURES.put(topology, new Fixture(r.redis(), r.connector(), r.store(LIMIT)));
        }
    }

    @AfterAll
    static void close() {
        FIXTURES.values().forEach(f -> {
            f.connector().close();
            f.redis().kill();
        });
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void fullResource_refusesANewVariant_keepsReplacingItsOwn(Topology topology) throws Exception {
        Fixture f = FIXTURES.get(topology);
        Set<TagRef> tags = Set.of(TagRef.tag("limit"));
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(StoreOutcome.STORED, get(f.store().store(key("v" + i), entry(), tags, fence(f), 60_000, null)));
        }
        f.redis().command("SET", leaseKey("v-new"), "node-a");

        StoreOutcome refused = get(f.store().store(key("v-new"), entry(), tags, fence(f), 60_000, "node-a"));

        assertEquals(StoreOutcome.VARIANT_LIMIT, refused);
        assertEquals(Integer.toString(LIMIT), f.redis().command("HLEN", resourceKey()), "the resource holds " + LIMIT);
        assertNull(f.redis().command("HGET", resourceKey(), "v-new"));
        assertEquals(Integer.toString(LIMIT), f.redis().command("ZCARD", NAMES.indexKey(0, TagRef.tag("limit"))),
                "a refused variant is not indexed");
        assertNull(f.redis().command("GET", leaseKey("v-new")), "its lease is released");
        assertEquals(StoreOutcome.STORED, get(f.store().store(key("v0"), entry(), tags, fence(f), 60_000, null)),
                "a variant already there is replaced");
    }

    private static CacheKey key(String variant) {
        return new CacheKey(0, "full", variant, resourceKey());
    }

    private static final Namespace NAMES = new Namespace(new KeyBuilder(PREFIX));

    private static long fence(Fixture f) throws Exception {
        return get(f.store().fillSequence());
    }

    private static String resourceKey() {
        return NAMES.keys().resourceKey(0, "full");
    }

    private static String leaseKey(String variant) {
        return NAMES.leaseKey(key(variant));
    }

    private static CacheEntry entry() {
        long now = System.currentTimeMillis();
        return new CacheEntry(200, false, List.of(new CacheEntry.Header("Content-Type", "text/plain")),
                "\"e\"", now, now + 60_000, now + 60_000, "x".getBytes(StandardCharsets.UTF_8), Set.of());
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
