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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures restcache's invalidation against a real redis-server it starts on loopback: the time to purge
 * one tag covering 10, 1,000, 10,000 and 100,000 variants (each in its own resource, the worst case), the
 * Redis time, scripts and commands a purge costs, the longest round trip another client's {@code PING}s see
 * while it runs (the stall a purge causes everyone else), and how the tag index behaves over many
 * fill/expire cycles. Uses restcache's own store and invalidator classes, without a server in between.
 *
 * <p>Run: {@code mvn -B -Pbench-purge -DskipTests -pl bench -am verify}.
 */
public final class PurgeBenchmark {

    /** Measured repetitions per size, after one unmeasured warm-up purge of the same size (3 at 100,000). */
    private static final int REPEATS = 7;

    /** Index sizes: the cost curve the issue asks for (1,000 / 10,000 / 100,000) and a small tag. */
    private static final int[] SIZES = {10, 1_000, 10_000, 100_000};

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
                report.append("## Tag purge\n\n| variants under the tag | rounds | purge time min | median | max "
                        + "| Redis time (in scripts), median | scripts (chunks) | Redis commands | longest concurrent PING, median round | worst round |\n")
                        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
                for (int n : SIZES) {
                    int rounds = n >= 100_000 ? 3 : REPEATS;
                    List<Double> millis = new ArrayList<>();
                    List<Double> redisMillis = new ArrayList<>();
                    List<Double> stalls = new ArrayList<>();
                    CommandStats cost = null;
                    fill(store, keys, "bench:" + n, n, 600_000);
                    invalidator.purge(Set.of(TagRef.tag("bench:" + n))).toCompletableFuture().get(120, TimeUnit.SECONDS);
                    for (int r = 0; r < rounds; r++) {
                        fill(store, keys, "bench:" + n, n, 600_000);
                        CommandStats before = CommandStats.of(redis);
                        try (Pinger pinger = Pinger.start(redis.port())) {
                            long start = System.nanoTime();
                            int purged = invalidator.purge(Set.of(TagRef.tag("bench:" + n))).toCompletableFuture()
                                    .get(120, TimeUnit.SECONDS);
                            millis.add((System.nanoTime() - start) / 1e6);
                            stalls.add(pinger.stop() / 1e6);
                            if (purged != n) {
                                throw new IllegalStateException("purged " + purged + " of " + n);
                            }
                        }
                        cost = CommandStats.of(redis).minus(before);
                        redisMillis.add(cost.scriptUsec() / 1e3);
                    }
                    Collections.sort(millis);
                    Collections.sort(redisMillis);
                    List<Double> sortedStalls = new ArrayList<>(stalls);
                    Collections.sort(sortedStalls);
                    report.append(String.format("| %,d | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %,d | %,d | %.2f ms | %.2f ms |%n",
                            n, rounds, millis.get(0), millis.get(millis.size() / 2), millis.get(millis.size() - 1),
                            redisMillis.get(redisMillis.size() / 2), cost.scripts(), cost.commandsWithoutPings(),
                            sortedStalls.get(sortedStalls.size() / 2), sortedStalls.get(sortedStalls.size() - 1)));
                }
                report.append("\n## Tag index over fill/expire cycles\n\n")
                        .append("| cycle | live entries written | index members (ZCARD) |\n|---:|---:|---:|\n");
                String index = namespace.indexKey(0, TagRef.tag("cycle"));
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

    /**
     * Redis's own account of what it ran ({@code INFO commandstats}): calls per command, the commands
     * scripts run included, and the microseconds spent in scripts. On one Redis a purge is nothing but
     * scripts, so their time over a purge is the purge's Redis time: the time Redis spent on it, during
     * which (a script being atomic) it served no one else in that script's turn.
     */
    private record CommandStats(long calls, long scriptUsec, long pingCalls, long scripts) {

        static CommandStats of(LocalRedis redis) throws Exception {
            long calls = 0;
            long scriptUsec = 0;
            long pingCalls = 0;
            long scripts = 0;
            try (Resp resp = new Resp("127.0.0.1", redis.port())) {
                for (String line : String.valueOf(resp.call("INFO", "commandstats")).split("\r?\n")) {
                    if (!line.startsWith("cmdstat_")) {
                        continue;
                    }
                    String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                    long c = field(line, "calls=");
                    long u = field(line, "usec=");
                    calls += c;
                    if (name.equals("ping") || name.equals("info")) {
                        pingCalls += c;
                    }
                    if (name.equals("eval") || name.equals("evalsha")) {
                        scripts += c;
                        scriptUsec += u;      // includes the commands each script ran (also counted on their own)
                    }
                }
            }
            return new CommandStats(calls, scriptUsec, pingCalls, scripts);
        }

        private static long field(String line, String name) {
            int at = line.indexOf(name) + name.length();
            int end = line.indexOf(',', at);
            return Long.parseLong(line.substring(at, end < 0 ? line.length() : end));
        }

        CommandStats minus(CommandStats o) {
            return new CommandStats(calls - o.calls, scriptUsec - o.scriptUsec, pingCalls - o.pingCalls,
                    scripts - o.scripts);
        }

        long commandsWithoutPings() {
            return calls - pingCalls;
        }
    }

    /**
     * Another client of the same Redis, sending one {@code PING} after the other on its own connection while
     * a purge runs: its longest round trip is the longest stall the purge caused anyone else.
     */
    private static final class Pinger implements AutoCloseable {
        private final Thread thread;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong longest = new AtomicLong();
        private final AtomicLong pings = new AtomicLong();

        private Pinger(int port) throws IOException {
            Resp resp = new Resp("127.0.0.1", port);
            resp.call("PING");      // connected before the purge starts
            thread = new Thread(() -> {
                try (resp) {
                    while (running.get()) {
                        long t0 = System.nanoTime();
                        resp.call("PING");
                        longest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                        pings.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "purge-bench-pinger");
            thread.setDaemon(true);
            thread.start();
        }

        static Pinger start(int port) throws IOException {
            return new Pinger(port);
        }

        /** Stops pinging; the longest round trip seen, in nanoseconds (fails when no PING completed). */
        long stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            if (pings.get() == 0) {
                throw new IllegalStateException("no PING completed during the purge");
            }
            return longest.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
