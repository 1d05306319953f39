package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.runtime.FleetClock;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.StoreOutcome;
import io.restcache.internal.store.TagRef;
import io.restcache.internal.store.redis.EpochRegistry;
import io.restcache.internal.store.redis.Namespace;
import io.restcache.internal.store.redis.RedisInvalidator;
import io.restcache.internal.store.redis.RedisResponseStore;
import io.restcache.internal.store.redis.ReplicatedWrites;
import io.restcache.itests.support.StoreLevelRedis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lazy purges of huge indexes (issue 16) against real Redis processes — standalone and a Redis Cluster
 * node, which refuses every cross-slot command — with restcache's store and invalidator called directly,
 * as three nodes would: the writer that purges, a peer that hears the purge's fleet message, and a node
 * that starts after it. An index past the lazy size (5 here) gets an epoch and is unlinked; none of its
 * entries is served again on any node, though they stay in Redis until they expire; fills begun after the
 * purge are served; fills begun before it are fenced; smaller indexes keep the exact eager purge.
 */
class LazyPurgeIT {

    private static final String PREFIX = "lazy-it:";
    private static final int LAZY_ABOVE = 5;
    private static final Map<Topology, StoreLevelRedis> REDIS = new EnumMap<>(Topology.class);

    enum Topology { SINGLE, CLUSTER }

    /** One node's view: its namespace (and so its copy of the epochs), its store, its registry reader. */
    record Node(Namespace names, RedisResponseStore store, EpochRegistry registry) {
    }

    @BeforeAll
    static void start() {
        for (Topology topology : Topology.values()) {
            REDIS.put(topology, StoreLevelRedis.start(topology == Topology.CLUSTER, PREFIX));
        }
    }

    @AfterAll
    static void stop() {
        REDIS.values().forEach(StoreLevelRedis::close);
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aHugeIndex_getsAnEpochAndIsUnlinked_andNoneOfItsEntriesIsServedOnAnyNode(Topology topology) throws Exception {
        StoreLevelRedis r = REDIS.get(topology);
        Node writer = node(r, true);
        Node peer = node(r, true);
        TagRef tag = TagRef.tag("huge-" + topology);
        List<CacheKey> keys = fill(r, writer, "lazy-" + topology, 8, tag);
        String index = r.names().indexKey(0, tag);
        assertEquals("8", r.redis().command("ZCARD", index));
        assertTrue(read(peer, keys.get(0)).isPresent());
        long fenceBeforePurge = get(writer.store().fillSequence());

        assertEquals(0, get(invalidator(r, writer).purge(Set.of(tag))), "nothing is deleted one by one");

        assertEquals("0", r.redis().command("EXISTS", index), "the index is unlinked");
        String epoch = r.redis().command("HGET", writer.names().epochsKey(0), writer.names().epochs().id(tag));
        assertNotNull(epoch, "the epoch is in the registry");
        assertTrue(epoch.matches("\\d+:\\d+"), epoch);
        assertNotNull(r.redis().command("HGET", keys.get(0).resourceKey(), keys.get(0).variantField()),
                "the entries stay in Redis until they expire");
        for (CacheKey key : keys) {
            assertTrue(read(writer, key).isEmpty(), "the purging node no longer serves " + key.resourceId());
        }

        peer.registry().announced(Set.of(tag));        // what the fleet message does, before it is acknowledged
        for (CacheKey key : keys) {
            assertTrue(read(peer, key).isEmpty(), "the peer no longer serves " + key.resourceId());
        }

        Node late = node(r, false);                     // started after the purge: its copy is not loaded yet
        assertTrue(read(late, keys.get(1)).isEmpty(), "checked in the registry itself");
        load(late);
        assertTrue(read(late, keys.get(2)).isEmpty(), "and by its loaded copy");

        CacheKey refilled = keys.get(3);
        assertEquals(StoreOutcome.FENCED, store(writer, refilled, fenceBeforePurge, tag),
                "a fill begun before the purge is refused");
        assertEquals(StoreOutcome.STORED, store(writer, refilled, get(writer.store().fillSequence()), tag));
        for (Node node : List.of(writer, peer, late)) {
            assertTrue(read(node, refilled).isPresent(), "a fill begun after the purge is served");
        }
        assertTrue(read(late, keys.get(4)).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void anIndexWithinTheLazySize_keepsTheExactEagerPurge(Topology topology) throws Exception {
        StoreLevelRedis r = REDIS.get(topology);
        Node writer = node(r, true);
        TagRef tag = TagRef.tag("small-" + topology);
        List<CacheKey> keys = fill(r, writer, "eager-" + topology, LAZY_ABOVE, tag);

        assertEquals(LAZY_ABOVE, get(invalidator(r, writer).purge(Set.of(tag))));

        for (CacheKey key : keys) {
            assertNull(r.redis().command("HGET", key.resourceKey(), key.variantField()), "deleted");
        }
        assertNull(r.redis().command("HGET", writer.names().epochsKey(0), writer.names().epochs().id(tag)),
                "no epoch for a small index");
    }

    /**
     * The control for the peer above: a peer whose copy is loaded and that never hears the purge serves
     * the superseded entry — the fleet message (or a reload after a missed one) is what stops it. Fleet
     * turns every sign of a missed message into an unknown copy (FleetIT, ConsistencyCheckIT).
     */
    @Test
    void aPeerThatNeverHearsThePurge_wouldServeTheEntry_soTheAnnouncementIsWhatStopsIt() throws Exception {
        StoreLevelRedis r = REDIS.get(Topology.SINGLE);
        Node writer = node(r, true);
        Node deaf = node(r, true);
        TagRef tag = TagRef.tag("unheard");
        List<CacheKey> keys = fill(r, writer, "unheard", LAZY_ABOVE + 1, tag);
        get(invalidator(r, writer).purge(Set.of(tag)));

        assertTrue(read(deaf, keys.get(0)).isPresent(), "its copy predates the purge");
        deaf.names().epochs().unknown();        // a missed message, as Fleet signals it
        assertTrue(read(deaf, keys.get(0)).isEmpty());
    }

    @Test
    void aRegistryThatCannotBeRead_makesAMiss_neverAHit() throws Exception {
        StoreLevelRedis r = REDIS.get(Topology.SINGLE);
        Node writer = node(r, true);
        TagRef tag = TagRef.tag("fresh-only");
        List<CacheKey> keys = fill(r, writer, "unreadable", 2, tag);
        Node late = node(r, false);
        String registry = late.names().epochsKey(0);
        boolean existed = "1".equals(r.redis().command("EXISTS", registry));
        if (existed) {
            r.redis().command("RENAME", registry, registry + ":aside");
        }
        try {
            r.redis().command("SET", registry, "not a hash");       // every HMGET fails (WRONGTYPE)
            assertTrue(read(late, keys.get(0)).isEmpty(), "unknown copy and unreadable registry: a miss");
        } finally {
            r.redis().command("DEL", registry);
            if (existed) {
                r.redis().command("RENAME", registry + ":aside", registry);
            }
        }
        assertTrue(read(late, keys.get(0)).isPresent(), "readable again: served (no epoch covers it)");
    }

    // ---- helpers ----

    private static Node node(StoreLevelRedis r, boolean loaded) throws Exception {
        Namespace names = new Namespace(new KeyBuilder(PREFIX));
        names.adopt(new Namespace.Incarnation(PREFIX, 0));
        FleetClock clock = FleetClock.system();
        Node node = new Node(names, new RedisResponseStore(r.connector(), names, clock::lowerBoundMicros, clock::micros),
                new EpochRegistry(r.connector(), names));
        if (loaded) {
            load(node);
        }
        return node;
    }

    private static void load(Node node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!node.names().epochs().known()) {
            node.registry().loadIfUnknown();
            assertTrue(System.nanoTime() < deadline, "the registry did not load");
            Thread.sleep(5);
        }
    }

    private static RedisInvalidator invalidator(StoreLevelRedis r, Node node) {
        return new RedisInvalidator(r.connector(), node.names(), ReplicatedWrites.unconfirmed(), LAZY_ABOVE);
    }

    private static List<CacheKey> fill(StoreLevelRedis r, Node node, String resourcePrefix, int count, TagRef tag)
            throws Exception {
        List<CacheKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CacheKey key = new CacheKey(0, resourcePrefix + "-" + i, "v", r.names().keys().resourceKey(0, resourcePrefix + "-" + i));
            assertEquals(StoreOutcome.STORED, store(node, key, get(node.store().fillSequence()), tag));
            keys.add(key);
        }
        return keys;
    }

    private static StoreOutcome store(Node node, CacheKey key, long fence, TagRef tag) throws Exception {
        long now = System.currentTimeMillis();
        CacheEntry entry = new CacheEntry(200, false, List.of(), "\"e\"", now, now + 60_000, now + 60_000,
                "{}".getBytes(StandardCharsets.UTF_8), Set.of(TagRef.path("/" + key.resourceId())));
        return get(node.store().store(key, entry, Set.of(tag, TagRef.path("/" + key.resourceId())), fence, 60_000, null));
    }

    private static Optional<CacheEntry> read(Node node, CacheKey key) throws Exception {
        return get(node.store().read(key));
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
