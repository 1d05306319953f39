package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.config.RestCacheSettings;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.runtime.FleetClock;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.StoreOutcome;
import io.restcache.internal.store.TagRef;
import io.restcache.internal.store.redis.Namespace;
import io.restcache.internal.store.redis.RedisConnector;
import io.restcache.internal.store.redis.RedisInvalidator;
import io.restcache.internal.store.redis.RedisResponseStore;
import io.restcache.internal.store.redis.ReplicatedWrites;
import io.restcache.itests.support.RedisCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry of lazy purges' epochs on a real 3-master Redis Cluster with replicas, while the master of
 * its first copy fails over. A node whose copy of the epochs is unknown (it may have missed a fleet
 * message: the state every node is in after a re-subscription, a deaf spell or a heartbeat gap) serves an
 * entry only once the registry says no lazy purge superseded it. With one registry key, that one master's
 * failover turned every such hit into a miss, on every master (seen in CI as 31 of 77 healthy-key hits in
 * {@link ClusterFailoverIT}). The registry has a copy on each of three masters, a purge writes a majority
 * and a read merges a majority: here entries on healthy masters stay served through the failover, a lazy
 * purge completes on the two live copies, and after the promotion the first copy (the promoted replica,
 * which never had the epoch) does not let the entries back for a node that reads it.
 */
class EpochRegistryFailoverIT {

    private static final String PREFIX = "epoch-copies-it:";
    private static final int LAZY_ABOVE = 3;
    private static final Duration FAILOVER = Duration.ofSeconds(60);

    private RedisCluster cluster;
    private RedisConnector connector;
    private Namespace writerNames;

    @BeforeEach
    void startCluster() {
        cluster = RedisCluster.start();
        Map<String, String> config = Map.of(RestCacheSettings.KEY_PREFIX, PREFIX,
                RestCacheSettings.REDIS_CONFIG_FILE, cluster.configFile().toString(),
                RestCacheSettings.REDIS_TIMEOUT, "500ms");
        connector = RedisConnector.connecting(RestCacheSettings.load(k -> Optional.ofNullable(config.get(k))), c -> { });
        connector.awaitFirstAttempt(Duration.ofSeconds(30));
        writerNames = names();
        cluster.command("HSET", writerNames.controlKey(), "id", PREFIX, "gen", "0");
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void whileACopysMasterFailsOver_entriesOnHealthyMastersAreServed_andLazyPurgesCompleteOnAMajority()
            throws Exception {
        List<String> copies = writerNames.epochsKeys(0);
        Set<Integer> mastersOfCopies = new HashSet<>();
        copies.forEach(copy -> mastersOfCopies.add(cluster.masterOf(copy)));
        assertEquals(3, mastersOfCopies.size(), "the copies " + copies + " sit on three masters");
        int victim = cluster.masterOf(writerNames.epochsKey(0));

        TagRef huge = tagOnAHealthyMaster(victim);
        RedisResponseStore writer = store(writerNames);
        List<CacheKey> keys = new ArrayList<>();
        for (int n = 0; keys.size() < LAZY_ABOVE + 2; n++) {
            String resource = "item-" + n;
            CacheKey key = new CacheKey(0, resource, "v", writerNames.keys().resourceKey(0, resource));
            if (cluster.masterOf(key.resourceKey()) != victim) {
                assertEquals(StoreOutcome.STORED, store(writer, key, huge));
                keys.add(key);
            }
        }

        Namespace lateNames = names();         // never loaded: every read asks the registry
        RedisResponseStore late = store(lateNames);
        for (CacheKey key : keys) {
            assertTrue(get(late.read(key)).isPresent(), "served before the failover: " + key.resourceId());
        }

        ReplicatedWrites writes = new ReplicatedWrites(null, Duration.ofMillis(500));
        writes.detect(connector.client().orElseThrow());
        RedisInvalidator invalidator = new RedisInvalidator(connector, writerNames, writes, LAZY_ABOVE);

        cluster.kill(victim);
        // started at once: it reads which slots the victim owned before the cluster reassigns them
        CompletableFuture<Integer> promotion = CompletableFuture.supplyAsync(() -> cluster.awaitPromotion(victim, FAILOVER));
        int reads = 0;
        int served = 0;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < until && !promotion.isDone()) {       // a promotion takes seconds
            for (CacheKey key : keys) {
                reads++;
                served += get(late.read(key)).isPresent() ? 1 : 0;
            }
        }
        assertEquals(reads, served, "entries on healthy masters, read while the first registry copy's master is dead");
        assertFalse(lateNames.epochs().known(), "the node's copy stayed unknown: these reads all asked the registry");

        // the index lives on a healthy master: two copies of three are enough, so the purge completes now
        assertEquals(0, get(invalidator.purge(Set.of(huge))), "purged lazily while a copy's master is dead");
        assertEquals("0", cluster.command("EXISTS", writerNames.indexKey(0, huge)), "the index is unlinked");
        for (CacheKey key : keys) {
            assertTrue(get(late.read(key)).isEmpty(), "superseded, read from the two live copies: " + key.resourceId());
        }

        int promoted = promotion.get(FAILOVER.toSeconds() + 10, TimeUnit.SECONDS);
        assertNotEquals(victim, promoted);
        cluster.restart(victim, FAILOVER);
        String id = writerNames.epochs().id(huge);
        assertNull(cluster.command("HGET", copies.get(0), id), "the promoted first copy never had the epoch");
        assertNotNull(cluster.command("HGET", copies.get(1), id));
        assertNotNull(cluster.command("HGET", copies.get(2), id));
        Namespace afterNames = names();       // a new node: it reads the first two copies and merges them
        RedisResponseStore after = store(afterNames);
        for (CacheKey key : keys) {
            assertNotNull(cluster.command("HGET", key.resourceKey(), key.variantField()), "still in Redis");
            assertTrue(get(after.read(key)).isEmpty(), "superseded for a node that reads the copy without it too");
        }
    }

    // ---- helpers ----

    private static Namespace names() {
        Namespace names = new Namespace(new KeyBuilder(PREFIX));
        names.adopt(new Namespace.Incarnation(PREFIX, 0));
        return names;
    }

    private RedisResponseStore store(Namespace names) {
        FleetClock clock = FleetClock.system();
        return new RedisResponseStore(connector, names, clock::lowerBoundMicros, clock::micros);
    }

    /** A tag whose index (and the resource paths' indexes: none here) lives off the victim. */
    private TagRef tagOnAHealthyMaster(int victim) {
        for (int n = 0; ; n++) {
            TagRef tag = TagRef.tag("huge-" + n);
            if (cluster.masterOf(writerNames.indexKey(0, tag)) != victim) {
                return tag;
            }
        }
    }

    private static StoreOutcome store(RedisResponseStore store, CacheKey key, TagRef tag) throws Exception {
        long now = System.currentTimeMillis();
        CacheEntry entry = new CacheEntry(200, false, List.of(), "\"e\"", now, now + 60_000, now + 60_000,
                "{}".getBytes(StandardCharsets.UTF_8), Set.of());
        return get(store.store(key, entry, Set.of(tag), get(store.fillSequence()), 60_000, null));
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
