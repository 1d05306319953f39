package io.restcache.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import io.restcache.internal.config.RestCacheSettings;
import io.restcache.internal.fleet.Fleet;
import io.restcache.internal.fleet.NearCache;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.runtime.CacheMetrics;
import io.restcache.internal.runtime.Invalidation;
import io.restcache.internal.runtime.InvalidationService;
import io.restcache.internal.runtime.RateLimitedLog;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.TagRef;
import io.restcache.internal.store.redis.Namespace;
import io.restcache.internal.store.redis.RedisConnector;
import io.restcache.internal.store.redis.RedisInvalidator;
import io.restcache.internal.store.redis.RedisResponseStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Measures the fleet fan-out delay against a real redis-server it starts on loopback: a writer node
 * invalidates one tag that covers seventeen cached responses (each in its own resource, stored in Redis
 * and held by every other node's near cache); the benchmark times, per trial, how long until Redis
 * confirmed the purge and until each other node's near cache no longer holds any of the seventeen.
 * Each node is restcache's own {@link Fleet} and {@link NearCache} over its own Redisson client (its own
 * pub/sub connection), as in separate JVMs; the writer runs the same {@link InvalidationService} path a
 * request's {@code @InvalidateTags} does. No HTTP in between: the delay of an answer over HTTP adds the
 * request itself, which the throughput benchmark measures.
 *
 * <p>Run: {@code mvn -B -Pbench-purge -DskipTests -pl bench -am verify} (with the purge benchmark).
 */
public final class FanOutBenchmark {

    private static final int FOLLOWERS = 3;
    private static final int ENTRIES_PER_TAG = 17;
    private static final int WARM_UP_TRIALS = 50;
    private static final int TRIALS = 300;
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How often the followers' near caches are checked: the resolution of the figures. */
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private FanOutBenchmark() {
    }

    /** One node of the fleet: its Redis client, near cache and fleet subscription. */
    private record Node(String name, RedisConnector connector, Namespace namespace, Fleet fleet) implements AutoCloseable {

        static Node start(String name, RestCacheSettings settings) {
            Namespace namespace = new Namespace(new KeyBuilder(settings.keyPrefix()));
            namespace.adopt(new Namespace.Incarnation("bench", 0));
            NearCache near = new NearCache(64L * 1024 * 1024, Duration.ofSeconds(60), Ticker.systemTicker());
            Fleet fleet = new Fleet(name, near, true, namespace, Optional::empty);
            RedisConnector connector = RedisConnector.connecting(settings, fleet::subscribe);
            connector.awaitFirstAttempt(Duration.ofSeconds(30));
            // as the runtime does: a node uses its near cache only while its own heartbeats come back
            ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, name + "-heartbeat");
                t.setDaemon(true);
                return t;
            });
            heartbeats.scheduleWithFixedDelay(fleet::heartbeat, Fleet.HEARTBEAT_MILLIS, Fleet.HEARTBEAT_MILLIS,
                    TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!near.usable()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " never subscribed to the fleet topic");
                }
                Thread.onSpinWait();
            }
            return new Node(name, connector, namespace, fleet);
        }

        NearCache near() {
            return fleet.near();
        }

        @Override
        public void close() {
            connector.close();
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("restcache-fanout-bench");
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
        List<Node> nodes = new ArrayList<>();
        try (LocalRedis redis = LocalRedis.start(work)) {
            RestCacheSettings settings = redis.restcacheSettings("fb:");
            Node writer = Node.start("writer", settings);
            nodes.add(writer);
            for (int i = 1; i <= FOLLOWERS; i++) {
                nodes.add(Node.start("node-" + i, settings));
            }
            List<Node> followers = nodes.subList(1, nodes.size());
            RedisResponseStore store = BenchStores.store(writer.connector(), writer.namespace());
            InvalidationService invalidations = new InvalidationService(
                    new RedisInvalidator(writer.connector(), writer.namespace()), retries, () -> 60_000L,
                    new RateLimitedLog(Logger.getLogger(FanOutBenchmark.class.getName()), 1_000), Optional::empty,
                    new CacheMetrics());
            invalidations.addListener(writer.fleet());
            invalidations.setPublisher(writer.fleet());

            List<Double> redisConfirmed = new ArrayList<>();
            List<Double> allDropped = new ArrayList<>();
            List<List<Double>> perFollower = new ArrayList<>();
            followers.forEach(f -> perFollower.add(new ArrayList<>()));
            for (int trial = 0; trial < WARM_UP_TRIALS + TRIALS; trial++) {
                String tag = "post:" + trial;
                List<CacheKey> keys = fill(store, writer.namespace().keys(), tag);
                for (Node f : followers) {
                    for (CacheKey key : keys) {
                        f.near().put(key, entry(tag), f.near().epoch());
                    }
                }
                long start = System.nanoTime();
                AtomicLong purgedAt = new AtomicLong();
                CompletableFuture<Void> purge = invalidations.submit(new Invalidation.Indexed(Set.of(TagRef.tag(tag))))
                        .whenComplete((done, error) -> purgedAt.set(System.nanoTime()));
                long[] droppedAt = new long[followers.size()];
                int pending = followers.size();
                while (pending > 0) {
                    if (System.nanoTime() - start > GIVE_UP_NANOS) {
                        throw new IllegalStateException("trial " + trial + ": a follower still holds the entries after 5 s");
                    }
                    for (int i = 0; i < followers.size(); i++) {
                        if (droppedAt[i] == 0 && holdsNone(followers.get(i).near(), keys)) {
                            droppedAt[i] = System.nanoTime();
                            pending--;
                        }
                    }
                    LockSupport.parkNanos(POLL_NANOS);     // not a spin: the nodes' event loops need the cores
                }
                purge.get(5, TimeUnit.SECONDS);
                if (trial < WARM_UP_TRIALS) {
                    continue;
                }
                redisConfirmed.add(millisSince(start, purgedAt.get()));
                long last = 0;
                for (int i = 0; i < followers.size(); i++) {
                    perFollower.get(i).add(millisSince(start, droppedAt[i]));
                    last = Math.max(last, droppedAt[i]);
                }
                allDropped.add(millisSince(start, last));
            }

            StringBuilder report = new StringBuilder();
            report.append("## Fleet fan-out\n\n")
                    .append(String.format("%d trials after %d unmeasured; each invalidates one tag covering %d "
                            + "responses held by %d other nodes' near caches.%n%n", TRIALS, WARM_UP_TRIALS,
                            ENTRIES_PER_TAG, FOLLOWERS))
                    .append("| from the writer's invalidation until | p50 | p90 | p99 | max |\n")
                    .append("|---|---:|---:|---:|---:|\n");
            row(report, "every other node dropped all " + ENTRIES_PER_TAG, allDropped);
            for (int i = 0; i < followers.size(); i++) {
                row(report, followers.get(i).name() + " dropped them", perFollower.get(i));
            }
            row(report, "the writer's purge completed (Redis purged, message published)", redisConfirmed);
            System.out.println();
            System.out.println(report);
        } finally {
            nodes.forEach(Node::close);
            retries.shutdownNow();
        }
    }

    /** Stores the tag's responses in Redis, each in its own resource, so that the purge has real work. */
    private static List<CacheKey> fill(RedisResponseStore store, KeyBuilder keys, String tag) throws Exception {
        List<CacheKey> written = new ArrayList<>();
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        for (int i = 0; i < ENTRIES_PER_TAG; i++) {
            String resource = tag.replace(':', '_') + "-" + i;
            CacheKey key = new CacheKey(0, resource, "v", keys.resourceKey(0, resource));
            CacheEntry entry = entry(tag);
            pending.add(store.write(key, entry, entry.refs(), Long.MAX_VALUE, 60_000, null).toCompletableFuture());
            written.add(key);
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return written;
    }

    private static CacheEntry entry(String tag) {
        long now = System.currentTimeMillis();
        return new CacheEntry(200, false, List.of(), "\"e\"", now, now + 60_000, now + 60_000, new byte[2048],
                Set.of(TagRef.tag(tag)));
    }

    private static boolean holdsNone(NearCache near, List<CacheKey> keys) {
        for (CacheKey key : keys) {
            if (near.get(key, false).isPresent()) {
                return false;
            }
        }
        return true;
    }

    private static double millisSince(long start, long at) {
        return (at - start) / 1e6;
    }

    private static void row(StringBuilder report, String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        report.append(String.format("| %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n", what, percentile(sorted, 0.50),
                percentile(sorted, 0.90), percentile(sorted, 0.99), sorted.get(sorted.size() - 1)));
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1));
    }
}
