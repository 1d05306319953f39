package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.support.RedisProcess;
import io.restcache.itests.support.StoreLevelRedis;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.FillStart;
import io.restcache.internal.store.StoreOutcome;
import io.restcache.internal.store.TagRef;
import io.restcache.internal.store.redis.Namespace;
import io.restcache.internal.store.redis.RedisConnector;
import io.restcache.internal.store.redis.RedisInvalidator;
import io.restcache.internal.store.redis.RedisLeases;
import io.restcache.internal.store.redis.RedisResponseStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A fill's Redis steps against a real redis-server, without a container, on a single Redis (one script
 * per step) and on a one-node Redis Cluster (commands and scripts of one slot each): the fleet lease is
 * exclusive, released only by its owner, released by the store whatever its outcome, and expires by
 * itself when its owner disappeared; the store refuses a fill whose tag was purged after it started.
 */
class LeaseIT {

    private static final String PREFIX = "lease-it:";
    private static final Namespace NAMES = new Namespace(new KeyBuilder(PREFIX));
    private static final String TAG_INDEX = NAMES.indexKey(0, TagRef.tag("news"));
    private static final Map<Topology, Fixture> FIXTURES = new HashMap<>();

    enum Topology { SINGLE, CLUSTER }

    /** One Redis and restcache's store and leases over it. */
    record Fixture(RedisProcess redis, RedisConnector connector, RedisResponseStore store, RedisLeases leases,
            RedisInvalidator invalidator) {
    }

    @BeforeAll
    static void connect() {
        for (Topology topology : Topology.values()) {
            StoreLevelRedis r = StoreLevelRedis.start(topology == Topology.CLUSTER, PREFIX);
            FIXTURES.put(topology, new Fixture(r.redis(), r.connector(), r.store(),
                    new RedisLeases(r.connector(), r.names()), new RedisInvalidator(r.connector(), r.names())));
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
    void lease_isExclusive_andReleasedOnlyByItsOwner(Topology topology) throws Exception {
        Fixture f = FIXTURES.get(topology);
        CacheKey key = key("exclusive");
        get(f.invalidator().purge(Set.of(TagRef.tag("exclusive"))));
        long purge = Long.parseLong(f.redis().command("GET", NAMES.sequenceKey()));

        FillStart first = get(f.store().startFill(key, "node-a", 30_000, now()));
        assertTrue(first.leaseTaken());
        assertTrue(first.sequence() >= purge, "the fill's fence is at least the last purge's sequence: "
                + first.sequence() + " vs " + purge);
        assertFalse(get(f.store().startFill(key, "node-b", 30_000, now())).leaseTaken(), "a held lease is not taken twice");

        assertFalse(get(f.leases().release(key, "node-b")), "a non-owner cannot release it");
        assertEquals("node-a", f.redis().command("GET", leaseKey("exclusive")));

        assertTrue(get(f.leases().release(key, "node-a")));
        assertTrue(get(f.store().startFill(key, "node-b", 30_000, now())).leaseTaken(), "released: the next leader takes it");
        assertTrue(get(f.leases().release(key, "node-b")));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void leaseOfANodeThatDisappeared_expiresByItself(Topology topology) throws Exception {
        Fixture f = FIXTURES.get(topology);
        CacheKey key = key("dead-owner");
        assertTrue(get(f.store().startFill(key, "dead-node", 300, now())).leaseTaken());
        assertFalse(get(f.store().startFill(key, "survivor", 300, now())).leaseTaken());
        // the owner never releases (it died); a waiter elsewhere polls until the lease is gone
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> get(f.store().startFill(key, "survivor", 30_000, now())).leaseTaken());
        assertEquals("survivor", f.redis().command("GET", leaseKey("dead-owner")));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void store_writesVariantAndIndex_andReleasesTheLease(Topology topology) throws Exception {
        Fixture f = FIXTURES.get(topology);
        CacheKey key = key("stored");
        FillStart start = get(f.store().startFill(key, "node-a", 30_000, now()));

        assertEquals(StoreOutcome.STORED, get(f.store().store(key, entry(), Set.of(TagRef.tag("news")), start.sequence(), 60_000, "node-a")));

        assertNotNull(f.redis().command("HGET", key.resourceKey(), key.variantField()), "the variant is stored");
        assertTrue(f.redis().command("ZRANGE", TAG_INDEX, "0", "-1").contains("stored:variant"), "and indexed");
        assertNull(f.redis().command("GET", leaseKey("stored")), "the store released the lease");
        assertFalse(get(f.store().read(key)).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void store_ofAFillThatATagPurgeOvertook_isRefused_andReleasesTheLease(Topology topology) throws Exception {
        Fixture f = FIXTURES.get(topology);
        CacheKey key = key("fenced");
        FillStart start = get(f.store().startFill(key, "node-a", 30_000, now()));
        // a purge of the tag while the method ran: the tag's fence moves past the fill's
        get(f.invalidator().purge(Set.of(TagRef.tag("news"))));
        assertTrue(Long.parseLong(f.redis().command("GET", NAMES.fenceKey(0, TagRef.tag("news")))) > start.sequence());

        assertEquals(StoreOutcome.FENCED, get(f.store().store(key, entry(), Set.of(TagRef.tag("news")), start.sequence(), 60_000, "node-a")));

        assertNull(f.redis().command("HGET", key.resourceKey(), key.variantField()), "the possibly stale body is not kept");
        assertNull(f.redis().command("GET", leaseKey("fenced")), "the lease is released all the same");

        // a fill that started after the purge is stored
        FillStart later = get(f.store().startFill(key, "node-b", 30_000, now()));
        assertEquals(StoreOutcome.STORED, get(f.store().store(key, entry(), Set.of(TagRef.tag("news")), later.sequence(), 60_000, "node-b")));
        assertNotNull(f.redis().command("HGET", key.resourceKey(), key.variantField()));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void store_leavesAnotherOwnersLease(Topology topology) throws Exception {
        Fixture f = FIXTURES.get(topology);
        CacheKey key = key("other-owner");
        assertTrue(get(f.store().startFill(key, "node-b", 30_000, now())).leaseTaken());
        long sequence = get(f.store().fillSequence());

        assertEquals(StoreOutcome.STORED, get(f.store().store(key, entry(), Set.of(), sequence, 60_000, "node-a")));

        assertEquals("node-b", f.redis().command("GET", leaseKey("other-owner")));
        assertTrue(get(f.leases().release(key, "node-b")));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void fillStart_afterAnotherNodeStored_returnsTheFreshEntry_andTakesNoLease(Topology topology) throws Exception {
        Fixture f = FIXTURES.get(topology);
        CacheKey key = key("raced");
        // node B looked the variant up (a miss); node A then filled it and released its lease
        filledByNodeA(f, key);

        FillStart b = get(f.store().startFill(key, "node-b", 30_000, now()));

        assertTrue(b.filled().isPresent(), "the entry stored since B's lookup comes back");
        assertEquals("{\"n\":1}", new String(b.filled().get().body(), StandardCharsets.UTF_8));
        assertFalse(b.leaseTaken());
        assertNull(f.redis().command("GET", leaseKey("raced")), "B takes no lease: it will not run the method");
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void fillStart_overAnExpiredEntry_takesTheLease_withoutShippingTheEntry(Topology topology) throws Exception {
        Fixture f = FIXTURES.get(topology);
        CacheKey key = key("expired");
        filledByNodeA(f, key);

        // one minute on, the entry (fresh for 60 s) has expired: refreshing it is a fill like any other
        FillStart later = get(f.store().startFill(key, "node-b", 30_000, now() + 61_000));

        assertTrue(later.filled().isEmpty());
        assertTrue(later.leaseTaken());
        assertEquals("node-b", f.redis().command("GET", leaseKey("expired")));
        assertTrue(get(f.leases().release(key, "node-b")));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void fillStart_overACorruptEntry_takesTheLease(Topology topology) throws Exception {
        Fixture f = FIXTURES.get(topology);
        CacheKey key = key("corrupt");
        // the right revision and a far-future freshness, then garbage where the rest should be
        // (ASCII throughout, so the bytes are exactly these characters)
        String corrupt = "\u0001" + "x".repeat(11) + "p".repeat(8) + "not an entry";
        f.redis().command("HSET", key.resourceKey(), key.variantField(), corrupt);

        FillStart start = get(f.store().startFill(key, "node-a", 30_000, now()));

        assertTrue(start.filled().isEmpty(), "an entry that does not decode is not an answer");
        assertTrue(start.leaseTaken(), "nobody holds the lease: this fill computes (and overwrites the entry)");
    }

    /** A whole fill by node A: lease, store (fresh for 60 s), lease released. */
    private static void filledByNodeA(Fixture f, CacheKey key) throws Exception {
        FillStart a = get(f.store().startFill(key, "node-a", 30_000, now()));
        assertEquals(StoreOutcome.STORED, get(f.store().store(key, entry(), Set.of(), a.sequence(), 60_000, "node-a")));
        assertNull(f.redis().command("GET", leaseKey(key.resourceId())));
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static CacheKey key(String resource) {
        return new CacheKey(0, resource, "variant", NAMES.keys().resourceKey(0, resource));
    }

    private static String leaseKey(String resource) {
        return NAMES.leaseKey(key(resource));
    }

    private static CacheEntry entry() {
        long now = System.currentTimeMillis();
        return new CacheEntry(200, false, List.of(new CacheEntry.Header("Content-Type", "application/json")),
                "\"e\"", now, now + 60_000, now + 60_000, "{\"n\":1}".getBytes(StandardCharsets.UTF_8), Set.of());
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
