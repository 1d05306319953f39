package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.config.RestCacheSettings;
import io.restcache.itests.support.RedisProcess;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A purge that the primary applied but no replica received is lost when that primary dies and the replica
 * is promoted (Redis replicates asynchronously). restcache's purges wait for a replica (WAIT) and report
 * such a purge as failed, so that the retry backlog re-runs it on the promoted replica. Here, with a real
 * primary and replica: the replica is frozen (SIGSTOP: it stops acknowledging), a tag purge runs, the
 * primary is killed and the replica promoted — the way a failover loses the last writes. Lazy purges
 * (epochs) are reported and retried the same way.
 */
class ReplicatedPurgeIT {

    private static final String PREFIX = "replicated-it:";
    private static final TagRef TAG = TagRef.tag("post:7");

    private RedisProcess primary;
    private RedisProcess replica;
    private RedisConnector connector;
    private Namespace names;

    @BeforeEach
    void startPrimaryAndReplica() {
        primary = RedisProcess.start();
        replica = RedisProcess.startReplicaOf(primary);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> replica.command("INFO", "replication").contains("master_link_status:up"));
        connector = connect(primary);
        names = new Namespace(new KeyBuilder(PREFIX));
        names.adopt(new Namespace.Incarnation(PREFIX, 0));
        primary.command("HSET", names.controlKey(), "id", PREFIX, "gen", "0");
    }

    @AfterEach
    void stop() {
        if (replica != null && replica.alive()) {
            replica.resume();
        }
        connector.close();
        primary.kill();
        replica.kill();
    }

    @ParameterizedTest(name = "on a {0} purge")
    @ValueSource(strings = {"tag", "resource", "everything"})
    void aPurgeNoReplicaConfirmed_isReportedFailed_soThatItIsRetried(String kind) throws Exception {
        ReplicatedWrites writes = new ReplicatedWrites(null, Duration.ofMillis(200));
        writes.detect(connector.client().orElseThrow());
        assertEquals(1, writes.acks(), "a primary with a connected replica: purges wait for one");
        CacheKey key = storeAndReplicate("confirmed-" + kind);

        replica.suspend();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> get(purge(writes, kind, key)));
        assertInstanceOf(ReplicatedWrites.UnreplicatedWrite.class, rootCause(failed),
                "the purge is not reported done while no replica has it: " + failed);

        replica.resume();
        get(purge(writes, kind, key));                 // the retry, once a replica acknowledges again
        assertGoneOnTheReplica(key);
    }

    /**
     * What the guard prevents, shown with it switched off ({@code restcache.redis.purge-replicas=0}): the
     * purge is reported done although the replica never got it, and the promoted replica still holds the
     * entry. (A frozen replica would still find the purge in its socket buffer when it wakes up, so the
     * replica is cut off here — promoted at once, as a failover promotes a replica that lags behind.)
     */
    @Test
    void withoutTheGuard_thePurgeIsReportedDone_andThePromotedReplicaStillHoldsTheEntry() throws Exception {
        ReplicatedWrites off = new ReplicatedWrites(0, Duration.ofMillis(200));
        CacheKey key = storeAndReplicate("unguarded");

        replica.command("REPLICAOF", "NO", "ONE");
        get(purge(off, "tag", key));
        assertNull(primary.command("HGET", key.resourceKey(), key.variantField()), "the primary dropped it");
        primary.kill();

        assertNotNull(replica.command("HGET", key.resourceKey(), key.variantField()),
                "the promoted replica still holds the purged entry: an invalidation lost silently");
    }

    @Test
    void withTheGuard_thePurgeACutOffReplicaMissed_isReportedFailed() throws Exception {
        ReplicatedWrites writes = new ReplicatedWrites(null, Duration.ofMillis(200));
        writes.detect(connector.client().orElseThrow());
        CacheKey key = storeAndReplicate("guarded-cut");

        replica.command("REPLICAOF", "NO", "ONE");
        ExecutionException failed = assertThrows(ExecutionException.class, () -> get(purge(writes, "tag", key)));
        assertInstanceOf(ReplicatedWrites.UnreplicatedWrite.class, rootCause(failed), failed.toString());
        primary.kill();
        assertNotNull(replica.command("HGET", key.resourceKey(), key.variantField()),
                "the promoted replica holds the entry — and restcache knows the purge is not done");

        // the retry backlog re-runs the purge; here, on the promoted replica
        RedisConnector promoted = connect(replica);
        try {
            get(new RedisInvalidator(promoted, names).purge(Set.of(TAG)));
        } finally {
            promoted.close();
        }
        assertNull(replica.command("HGET", key.resourceKey(), key.variantField()), "the retried purge finished it");
    }

    /**
     * A lazy purge (an epoch, the index unlinked) that the cut-off replica missed: reported failed, so the
     * retry runs on the promoted replica, which still has the index (it never got the unlink) and gets its
     * own epoch there; a node that reads the promoted replica then serves none of the entries.
     */
    @Test
    void aLazyPurgeACutOffReplicaMissed_isReportedFailed_andItsRetrySupersedesTheEntriesOnThePromotedReplica()
            throws Exception {
        ReplicatedWrites writes = new ReplicatedWrites(null, Duration.ofMillis(200));
        writes.detect(connector.client().orElseThrow());
        List<CacheKey> keys = List.of(storeAndReplicate("lazy-a"), storeAndReplicate("lazy-b"), storeAndReplicate("lazy-c"));
        String index = names.indexKey(0, TAG);

        replica.command("REPLICAOF", "NO", "ONE");
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> get(new RedisInvalidator(connector, names, writes, 2).purge(Set.of(TAG))));
        assertInstanceOf(ReplicatedWrites.UnreplicatedWrite.class, rootCause(failed), failed.toString());
        assertEquals("0", primary.command("EXISTS", index), "the primary applied it: index unlinked");
        primary.kill();
        assertEquals("1", replica.command("EXISTS", index), "the promoted replica never got the unlink");

        RedisConnector promoted = connect(replica);
        try {
            get(new RedisInvalidator(promoted, names, ReplicatedWrites.unconfirmed(), 2).purge(Set.of(TAG)));
            assertEquals("0", replica.command("EXISTS", index), "the retry purged it lazily there");
            Namespace late = new Namespace(new KeyBuilder(PREFIX));     // a node whose copy is not loaded yet
            late.adopt(new Namespace.Incarnation(PREFIX, 0));
            FleetClock clock = FleetClock.system();
            RedisResponseStore store = new RedisResponseStore(promoted, late, clock::lowerBoundMicros, clock::micros);
            for (CacheKey key : keys) {
                assertNotNull(replica.command("HGET", key.resourceKey(), key.variantField()), "still in Redis");
                assertTrue(get(store.read(key)).isEmpty(), "superseded by the retry's epoch: " + key.resourceId());
            }
        } finally {
            promoted.close();
        }
    }

    @Test
    void aRedisWithoutReplicas_isNotWaitedFor() {
        RedisProcess alone = RedisProcess.start();
        RedisConnector direct = connect(alone);
        try {
            ReplicatedWrites writes = new ReplicatedWrites(null, Duration.ofMillis(200));
            writes.detect(direct.client().orElseThrow());
            assertEquals(0, writes.acks(), "no replica: a WAIT would only time out");
        } finally {
            direct.close();
            alone.kill();
        }
    }

    private CompletionStage<?> purge(ReplicatedWrites writes, String kind, CacheKey key) {
        RedisInvalidator invalidator = new RedisInvalidator(connector, names, writes);
        return switch (kind) {
            case "tag" -> invalidator.purge(Set.of(TAG));
            case "resource" -> invalidator.purgeResources(List.of(key.resourceId()));
            default -> invalidator.bumpGeneration();
        };
    }

    private CacheKey storeAndReplicate(String resource) throws Exception {
        FleetClock clock = FleetClock.system();
        RedisResponseStore store = new RedisResponseStore(connector, names, clock::lowerBoundMicros, clock::micros);
        CacheKey key = new CacheKey(0, resource, "v", names.keys().resourceKey(0, resource));
        long now = System.currentTimeMillis();
        CacheEntry entry = new CacheEntry(200, false, List.of(), "\"e\"", now, now + 60_000, now + 60_000,
                "{}".getBytes(StandardCharsets.UTF_8), Set.of());
        assertEquals(StoreOutcome.STORED, get(store.store(key, entry, Set.of(TAG), get(store.fillSequence()), 60_000, null)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> replica.command("HGET", key.resourceKey(), key.variantField()) != null);
        return key;
    }

    private void assertGoneOnTheReplica(CacheKey key) {
        String gen = replica.command("HGET", names.controlKey(), "gen");
        boolean dropped = replica.command("HGET", key.resourceKey(), key.variantField()) == null;
        assertTrue(dropped || !"0".equals(gen), "the replica has the purge (entry dropped or generation moved): gen=" + gen);
    }

    private static RedisConnector connect(RedisProcess redis) {
        Map<String, String> config = Map.of(RestCacheSettings.KEY_PREFIX, PREFIX,
                RestCacheSettings.REDIS_ADDRESS, redis.address(), RestCacheSettings.REDIS_TIMEOUT, "2s");
        RedisConnector connector = RedisConnector.connecting(
                RestCacheSettings.load(k -> Optional.ofNullable(config.get(k))), c -> { });
        connector.awaitFirstAttempt(Duration.ofSeconds(30));
        return connector;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
