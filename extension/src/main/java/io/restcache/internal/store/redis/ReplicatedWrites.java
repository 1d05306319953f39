package io.restcache.internal.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.logging.Logger;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;

/**
 * Runs the writes of an invalidation so that a failover cannot lose them silently.
 *
 * <p>Redis replicates asynchronously: a purge the primary acknowledged can be lost when that primary dies
 * before its replica received it, and the promoted replica then still holds the purged entries — an
 * invalidation lost for their whole TTL (seen on a Sentinel setup: 8 of 160 reads after recovery returned
 * purged data). So where the primary has replicas, each batch of purge writes ends with Redis's
 * {@code WAIT} for one replica (Redisson's {@link BatchOptions#sync}); a batch no replica confirmed within
 * the wait fails, and the invalidation is retried by the retry backlog like any other failed purge — every
 * purge is idempotent, so re-running one on the promoted replica finishes it. A replica that confirmed has
 * the highest replication offset, which is what Sentinel and Cluster promote first.
 *
 * <p>{@code WAIT} counts the replicas of the connection's own server, and Redisson adds up the counts of
 * every server a batch reached, so on a cluster the writes are grouped per hash slot (one server each).
 */
public final class ReplicatedWrites {

    private static final Logger LOG = Logger.getLogger(ReplicatedWrites.class.getName());

    private final Integer configuredAcks;
    private final Duration wait;
    private volatile int acks;

    /**
     * @param configuredAcks replicas that must confirm each batch, or null to decide from the topology
     *                       when connecting (see {@link #detect})
     * @param wait how long a batch waits for the replicas before it counts as failed
     */
    public ReplicatedWrites(Integer configuredAcks, Duration wait) {
        this.configuredAcks = configuredAcks;
        this.wait = wait;
        this.acks = configuredAcks == null ? 0 : configuredAcks;
    }

    /** Writes that no replica has to confirm (tools, tests, a Redis without replicas). */
    public static ReplicatedWrites unconfirmed() {
        return new ReplicatedWrites(0, Duration.ofMillis(1));
    }

    /** Replicas that must confirm each batch of purge writes now. */
    public int acks() {
        return acks;
    }

    /**
     * Decides, on connecting, how many replicas must confirm: the configured number, else one when the
     * topology has replicas (Sentinel always; a cluster or master/replica setup with replicas; a single
     * server that reports connected replicas), else none.
     */
    public void detect(RedissonClient client) {
        if (configuredAcks != null) {
            acks = configuredAcks;
            return;
        }
        int detected;
        try {
            detected = hasReplicas(client) ? 1 : 0;
        } catch (RuntimeException e) {
            detected = client.getConfig().isSingleConfig() ? 0 : 1;
        }
        if (detected != acks) {
            int now = detected;
            LOG.info(() -> now == 0 ? "restcache: Redis has no replicas; purges are not waited for on replicas"
                    : "restcache: Redis has replicas; each purge waits until one replica has it (WAIT), so that a "
                            + "failover cannot lose it");
        }
        acks = detected;
    }

    /**
     * Whether a primary reports connected replicas ({@code INFO replication}). Redisson's own lists of
     * replicas are no help: with {@code readMode: MASTER} it does not connect to them, and lists none.
     */
    private static boolean hasReplicas(RedissonClient client) {
        Config config = client.getConfig();
        Collection<? extends RedisNode> primaries;
        if (config.isClusterConfig()) {
            primaries = client.getRedisNodes(RedisNodes.CLUSTER).getMasters();
        } else if (config.isSentinelConfig()) {
            primaries = List.of(client.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster());
        } else if (config.isSingleConfig()) {
            primaries = List.of(client.getRedisNodes(RedisNodes.SINGLE).getInstance());
        } else {
            primaries = List.of(client.getRedisNodes(RedisNodes.MASTER_SLAVE).getMaster());
        }
        for (RedisNode primary : primaries) {
            Map<String, String> replication = primary.info(RedisNode.InfoSection.REPLICATION);
            if (Long.parseLong(replication.getOrDefault("connected_slaves", "0").trim()) > 0) {
                return true;
            }
        }
        return config.isSentinelConfig();      // a Sentinel setup exists to fail over to a replica
    }

    /**
     * One purge's writes: the fences and deletes run on whether or not the replicas confirmed the step before
     * (an unconfirmed step is applied on the primary; stopping there would leave the deletes undone while,
     * say, a promoted master has no replica yet), but what would hide them from a retry — removing the
     * members from their indexes — waits until every step so far is confirmed (see {@link
     * Session#unconfirmed}), and {@link Session#finish} fails the purge at its end if any step went
     * unconfirmed, so that it is retried as a whole and finds its members again.
     */
    public Session session() {
        return new Session(wait);
    }

    /** A session whose batches wait at most {@code wait} for the replicas (a store's index members). */
    public Session session(Duration wait) {
        return new Session(wait);
    }

    /** The writes of one purge (see {@link #session()}). */
    public final class Session {

        private volatile UnreplicatedWrite unconfirmed;
        private final Duration sessionWait;

        private Session(Duration sessionWait) {
            this.sessionWait = sessionWait;
        }

        /**
         * Runs writes, the i-th routed by {@code routingKeys.get(i)} and added to a batch by {@code add};
         * completes with their replies in order, exceptionally only when a batch failed (an unconfirmed
         * batch is noted for {@link #finish}).
         */
        public <T> CompletionStage<List<T>> run(RedissonClient client, List<String> routingKeys,
                BiFunction<RBatch, Integer, RFuture<T>> add) {
            return ReplicatedWrites.this.run(client, routingKeys, add, sessionWait, e -> unconfirmed = e);
        }

        /** Whether a step of this purge so far went unconfirmed by the replicas. */
        public boolean unconfirmed() {
            return unconfirmed != null;
        }

        /** What went unconfirmed, if a step did. */
        public Optional<UnreplicatedWrite> unconfirmation() {
            return Optional.ofNullable(unconfirmed);
        }

        /** Notes a step that ran in another session (a registry copy) as unconfirmed in this one. */
        public void unconfirmed(UnreplicatedWrite step) {
            unconfirmed = step;
        }

        /** {@code result}, or a failure when a step of this purge went unconfirmed by the replicas. */
        public <T> CompletionStage<T> finish(CompletionStage<T> result) {
            return result.thenApply(value -> {
                if (unconfirmed != null) {
                    throw unconfirmed;
                }
                return value;
            });
        }
    }

    private <T> CompletionStage<List<T>> run(RedissonClient client, List<String> routingKeys,
            BiFunction<RBatch, Integer, RFuture<T>> add, Duration wait,
            java.util.function.Consumer<UnreplicatedWrite> onUnconfirmed) {
        int required = acks;
        boolean perSlot = required > 0 && client.getConfig().isClusterConfig();
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < routingKeys.size(); i++) {
            groups.computeIfAbsent(perSlot ? HashSlot.of(routingKeys.get(i)) : 0, g -> new ArrayList<>()).add(i);
        }
        List<RFuture<T>> replies = new ArrayList<>(routingKeys.size());
        for (int i = 0; i < routingKeys.size(); i++) {
            replies.add(null);
        }
        List<CompletableFuture<Void>> batches = new ArrayList<>(groups.size());
        for (List<Integer> group : groups.values()) {
            BatchOptions options = required > 0 ? BatchOptions.defaults().sync(required, wait) : BatchOptions.defaults();
            RBatch batch = client.createBatch(options);
            for (int i : group) {
                replies.set(i, add.apply(batch, i));
            }
            batches.add(batch.executeAsync().toCompletableFuture().thenAccept(result -> {
                if (result.getSyncedSlaves() < required) {
                    onUnconfirmed.accept(new UnreplicatedWrite(required, result.getSyncedSlaves(), wait));
                }
            }));
        }
        return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<T> out = new ArrayList<>(replies.size());
            for (RFuture<T> reply : replies) {
                out.add(reply.toCompletableFuture().join());
            }
            return out;
        });
    }

    /** A batch of purge writes that fewer replicas confirmed than required: a failover could lose it. */
    public static final class UnreplicatedWrite extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        /** {@code confirmed} of the {@code required} replicas acknowledged a batch within {@code wait}. */
        public UnreplicatedWrite(int required, int confirmed, Duration wait) {
            super(confirmed + " of the " + required + " replica(s) required confirmed a purge within " + wait.toMillis()
                    + " ms (WAIT); it is retried so that a failover cannot lose it");
        }
    }
}
