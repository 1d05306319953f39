package io.restcache.bench;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Redis server-assisted client-side caching (CLIENT TRACKING) costs the Redis server, per mode, with
 * 100,000 resource hashes and 4 tracking nodes: used memory and the server's tracking figures
 * (tracking_total_keys, tracking_total_items, tracking_total_prefixes) once every node has read every key,
 * then the time to rewrite every key and to deliver every invalidation, against a run without tracking.
 *
 * <p>Each mode runs on a redis-server of its own, started on loopback. A node is two connections, as in
 * restcache: a subscriber of {@code __redis__:invalidate} and a reader. In {@code bcast} mode the subscriber
 * itself asks for broadcasts of the resource-key prefix (redirected to itself); in {@code default} mode the
 * reader enables tracking, redirected to the subscriber, so that Redis remembers every key it read.
 *
 * <p>Run: {@code mvn -B -Ptracking-cost -DskipTests -pl bench -am verify}.
 */
public final class TrackingCostBenchmark {

    private static final int KEYS = Integer.getInteger("bench.trackedKeys", 100_000);
    private static final int NODES = Integer.getInteger("bench.trackingNodes", 4);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int BATCH = 1_000;
    private static final String PREFIX = "tc:v2:g0:r:";
    private static final String VALUE = "x".repeat(200);

    private TrackingCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        StringBuilder report = new StringBuilder();
        report.append(String.format("## CLIENT TRACKING cost: %,d resource hashes, %d nodes%n%n", KEYS, NODES))
                .append("| mode | used_memory, keys only | with tracking, all keys read | tracking's share | per key and node "
                        + "| tracking_total_keys | tracking_total_items | tracking_total_prefixes "
                        + "| rewrite all keys min / median / max | ratio to off (median) | invalidations delivered |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double offMedian = 0;
        for (String mode : List.of("off", "bcast", "default")) {
            Result r = run(mode);
            if (mode.equals("off")) {
                offMedian = r.median();
            }
            long share = r.trackedMemory - r.baseMemory;
            report.append(String.format("| %s | %,d B | %,d B | %,d B | %.1f B | %,d | %,d | %,d | %.0f / %.0f / %.0f ms | %.2f | %,d |%n",
                    mode, r.baseMemory, r.trackedMemory, share, share / (double) KEYS / NODES, r.trackingKeys,
                    r.trackingItems, r.trackingPrefixes, r.min(), r.median(), r.max(),
                    offMedian == 0 ? 1.0 : r.median() / offMedian, r.delivered));
        }
        report.append(String.format("%nRewrite: one pipelined HSET per key (batches of %,d), timed until every node's "
                + "subscriber received its invalidations; %d rounds, each after every node re-read every key.%n", BATCH, ROUNDS));
        System.out.println();
        System.out.println(report);
    }

    private static final class Result {
        long baseMemory;
        long trackedMemory;
        long trackingKeys;
        long trackingItems;
        long trackingPrefixes;
        long delivered;
        final List<Double> millis = new ArrayList<>();

        double min() {
            return Collections.min(millis);
        }

        double median() {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }

        double max() {
            return Collections.max(millis);
        }
    }

    private static Result run(String mode) throws Exception {
        Path work = Files.createTempDirectory("restcache-tracking-bench");
        Result result = new Result();
        try (LocalRedis redis = LocalRedis.start(work); Resp writer = redis.connect()) {
            writeAll(writer);
            result.baseMemory = memory(writer);
            List<Node> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < NODES; i++) {
                    nodes.add(new Node(redis, mode));
                }
                for (Node n : nodes) {
                    n.readAll();
                }
                result.trackedMemory = memory(writer);
                Map<String, String> stats = writer.info("stats");
                result.trackingKeys = Long.parseLong(stats.getOrDefault("tracking_total_keys", "0"));
                result.trackingItems = Long.parseLong(stats.getOrDefault("tracking_total_items", "0"));
                result.trackingPrefixes = Long.parseLong(stats.getOrDefault("tracking_total_prefixes", "0"));
                long expected = mode.equals("off") ? 0 : (long) KEYS * NODES;
                for (int round = 0; round < ROUNDS; round++) {
                    if (round > 0) {
                        for (Node n : nodes) {
                            n.readAll();        // default mode: Redis forgets a key once it sent its invalidation
                        }
                    }
                    long before = nodes.stream().mapToLong(n -> n.invalidated.get()).sum();
                    long start = System.nanoTime();
                    writeAll(writer);
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (nodes.stream().mapToLong(n -> n.invalidated.get()).sum() - before < expected
                            && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    result.millis.add((System.nanoTime() - start) / 1e6);
                    result.delivered = nodes.stream().mapToLong(n -> n.invalidated.get()).sum() - before;
                }
            } finally {
                nodes.forEach(Node::close);
            }
        }
        System.out.printf("[tracking-cost] %s done%n", mode);
        return result;
    }

    private static void writeAll(Resp writer) throws IOException {
        List<String[]> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < KEYS; i++) {
            batch.add(new String[] {"HSET", key(i), "v", VALUE});
            if (batch.size() == BATCH) {
                writer.pipeline(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            writer.pipeline(batch);
        }
    }

    /** restcache's resource-key shape: a hash tag around a 32-character id. */
    private static String key(int i) {
        return PREFIX + "{" + String.format("%032x", i) + "}";
    }

    private static long memory(Resp r) throws IOException {
        return Long.parseLong(r.info("memory").get("used_memory"));
    }


    /** One tracking node: a subscriber that counts the invalidated keys it hears, and a reader. */
    private static final class Node implements AutoCloseable {
        final Resp subscriber;
        final Resp reader;
        final AtomicLong invalidated = new AtomicLong();
        final Thread drain;
        volatile boolean closing;

        Node(LocalRedis redis, String mode) throws IOException {
            subscriber = redis.connect();
            reader = redis.connect();
            long id = subscriber.callLong("CLIENT", "ID");
            if (mode.equals("bcast")) {
                subscriber.call("CLIENT", "TRACKING", "on", "REDIRECT", Long.toString(id), "BCAST", "PREFIX", PREFIX);
            } else if (mode.equals("default")) {
                reader.call("CLIENT", "TRACKING", "on", "REDIRECT", Long.toString(id));
            }
            subscriber.call("SUBSCRIBE", "__redis__:invalidate");
            drain = new Thread(this::drain, "tracking-drain");
            drain.setDaemon(true);
            drain.start();
        }

        void readAll() throws IOException {
            List<String[]> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < KEYS; i++) {
                batch.add(new String[] {"HGET", key(i), "v"});
                if (batch.size() == BATCH) {
                    reader.pipeline(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                reader.pipeline(batch);
            }
        }

        private void drain() {
            while (!closing) {
                try {
                    Object message = subscriber.next();
                    if (message instanceof List<?> parts && parts.size() == 3 && parts.get(2) instanceof List<?> keys) {
                        invalidated.addAndGet(keys.size());
                    }
                } catch (SocketTimeoutException idle) {
                    // nothing published: keep listening
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            closing = true;
            subscriber.close();
            reader.close();
        }
    }
}
