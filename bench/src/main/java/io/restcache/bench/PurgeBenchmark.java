package io.restcache.bench;

import io.restcache.internal.config.RestCacheSettings;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.KeyBuilder;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures restcache's invalidation against a real redis-server it starts on loopback: the time to purge
 * one tag covering 10, 1,000 and 10,000 variants (each in its own resource, the worst case), the Redis
 * round trips (pipelines) and commands a purge costs, and how the tag index behaves over many
 * fill/expire cycles. Uses restcache's own store and invalidator classes, without a server in between.
 *
 * <p>Run: {@code mvn -B -Pbench-purge -DskipTests -pl bench -am verify}.
 */
public final class PurgeBenchmark {

    /** Measured repetitions per size, after one unmeasured warm-up purge of the same size. */
    private static final int REPEATS = 7;

    private PurgeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("restcache-purge-bench");
        try (LocalRedis redis = LocalRedis.start(work)) {
            RestCacheSettings settings = redis.restcacheSettings("pb:");
            KeyBuilder keys = new KeyBuilder(settings.keyPrefix());
            Namespace namespace = new Namespace(keys);
            namespace.adopt(new Namespace.Incarnation("bench", 0));
            try (RedisConnector connector = RedisConnector.connecting(settings, c -> { })) {
                connector.awaitFirstAttempt(Duration.ofSeconds(30));
                RedisResponseStore store = BenchStores.store(connector, namespace);
                RedisInvalidator invalidator = new RedisInvalidator(connector, namespace);
                StringBuilder report = new StringBuilder();
                report.append("## Tag purge\n\n| variants under the tag | purge time min | median | max | Redis round trips | Redis commands |\n")
                        .append("|---:|---:|---:|---:|---:|---:|\n");
                for (int n : new int[] {10, 1_000, 10_000}) {
                    List<Double> millis = new ArrayList<>();
                    long commands = 0;
                    fill(store, keys, "bench:" + n, n, 60_000);
                    invalidator.purge(Set.of(TagRef.tag("bench:" + n))).toCompletableFuture().get(60, TimeUnit.SECONDS);
                    for (int r = 0; r < REPEATS; r++) {
                        fill(store, keys, "bench:" + n, n, 60_000);
                        long before = totalCommands(redis);
                        long start = System.nanoTime();
                        int purged = invalidator.purge(Set.of(TagRef.tag("bench:" + n))).toCompletableFuture()
                                .get(60, TimeUnit.SECONDS);
                        millis.add((System.nanoTime() - start) / 1e6);
                        commands = totalCommands(redis) - before - 1;      // minus the INFO itself
                        if (purged != n) {
                            throw new IllegalStateException("purged " + purged + " of " + n);
                        }
                    }
                    Collections.sort(millis);
                    // one Redis, not a cluster: the purge is one atomic script (on a cluster: three pipelines)
                    report.append(String.format("| %,d | %.1f ms | %.1f ms | %.1f ms | 1 | %,d |%n", n, millis.get(0),
                            millis.get(millis.size() / 2), millis.get(millis.size() - 1), commands));
                }
                report.append("\n## Tag index over fill/expire cycles\n\n")
                        .append("| cycle | live entries written | index members (ZCARD) |\n|---:|---:|---:|\n");
                String index = keys.namespace(0) + "i:{t:cycle}";
                for (int cycle = 1; cycle <= 10; cycle++) {
                    fill(store, keys, "cycle", 1_000, 300);
                    long members;
                    try (Resp resp = new Resp("127.0.0.1", redis.port())) {
                        members = resp.callLong("ZCARD", index);
                    }
                    report.append(String.format("| %d | 1,000 | %,d |%n", cycle, members));
                    Thread.sleep(400);                                 // this cycle's entries expire
                }
                System.out.println();
                System.out.println(report);
            }
        }
    }

    /** Stores {@code n} variants, each in its own resource, all tagged {@code tag}, alive for {@code ttlMillis}. */
    private static void fill(RedisResponseStore store, KeyBuilder keys, String tag, int n, long ttlMillis)
            throws Exception {
        long now = System.currentTimeMillis();
        byte[] body = new byte[200];
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String resource = tag.replace(':', '_') + "-" + i + "-" + now;
            CacheKey key = new CacheKey(0, resource, "v", keys.resourceKey(0, resource));
            Set<TagRef> refs = Set.of(TagRef.tag(tag));
            CacheEntry entry = new CacheEntry(200, false, List.of(), "\"e\"", now, now + ttlMillis, now + ttlMillis,
                    body, refs);
            pending.add(store.write(key, entry, refs, Long.MAX_VALUE, ttlMillis, null).toCompletableFuture());
            if (pending.size() == 256) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    private static long totalCommands(LocalRedis redis) throws Exception {
        try (Resp resp = new Resp("127.0.0.1", redis.port())) {
            String stats = String.valueOf(resp.call("INFO", "stats"));
            for (String line : stats.split("\r?\n")) {
                if (line.startsWith("total_commands_processed:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        }
        return 0;
    }
}
