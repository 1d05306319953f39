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
 * one tag covering 10, 1,000, 10,000 and 100,000 variants eagerly (each in its own resource, the worst
 * case), the Redis time, scripts and commands a purge costs, the longest round trip another client's
 * {@code PING}s see while it runs (the stall a purge causes everyone else); the same for the lazy purge of
 * indexes of 100,000 and 1,000,000 members; what an epoch costs a Redis hit; and how the tag index behaves
 * over many fill/expire cycles. Uses restcache's own store and invalidator classes, without a server in between.
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
                // the eager purge's curve: lazy purges off (an index past 10,000 members is purged lazily by default)
                RedisInvalidator invalidator = new RedisInvalidator(connector, namespace,
                        io.restcache.internal.store.redis.ReplicatedWrites.unconfirmed(), Integer.MAX_VALUE);
                StringBuilder report = new StringBuilder();
                report.append("## Tag purge (eager: every variant deleted)\n\n| variants under the tag | rounds | purge time min | median | max "
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
                hitsBesideAnEpoch(store, keys, connector, namespace, report);     // before any epoch is in the registry
                lazyPurges(redis, connector, namespace, report);
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

    /** Index sizes of the lazy purge (restcache.invalidation.lazy-above's default is 10,000). */
    private static final int[] LAZY_SIZES = {100_000, 1_000_000};

    /**
     * The lazy purge of a huge index: its members are written straight into the index (the purge reads only
     * its size and unlinks it, so the variants they name do not matter), then the default invalidator purges
     * it: Redis time, commands and the longest concurrent PING, as for the eager purge.
     */
    private static void lazyPurges(LocalRedis redis, RedisConnector connector, Namespace namespace,
            StringBuilder report) throws Exception {
        RedisInvalidator lazy = new RedisInvalidator(connector, namespace);
        report.append("\n## Tag purge (lazy: an epoch, the index unlinked)\n\n| members in the index | rounds "
                + "| purge time min | median | max | Redis time (in scripts), median | Redis commands | longest concurrent PING, median round | worst round |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int n : LAZY_SIZES) {
            List<Double> millis = new ArrayList<>();
            List<Double> redisMillis = new ArrayList<>();
            List<Double> stalls = new ArrayList<>();
            CommandStats cost = null;
            TagRef tag = TagRef.tag("lazy:" + n);
            for (int r = 0; r < REPEATS; r++) {
                indexMembers(redis, namespace.indexKey(0, tag), n);
                CommandStats before = CommandStats.of(redis);
                try (Pinger pinger = Pinger.start(redis.port())) {
                    long start = System.nanoTime();
                    int purged = lazy.purge(Set.of(tag)).toCompletableFuture().get(120, TimeUnit.SECONDS);
                    millis.add((System.nanoTime() - start) / 1e6);
                    Thread.sleep(50);           // the unlinked index is freed off the main thread: PING through it
                    stalls.add(pinger.stop() / 1e6);
                    if (purged != 0) {
                        throw new IllegalStateException("a lazy purge deleted " + purged + " variants one by one");
                    }
                }
                cost = CommandStats.of(redis).minus(before);
                redisMillis.add(cost.scriptUsec() / 1e3);
                try (Resp resp = new Resp("127.0.0.1", redis.port())) {
                    if (resp.callLong("EXISTS", namespace.indexKey(0, tag)) != 0) {
                        throw new IllegalStateException("the lazily purged index is still there");
                    }
                }
            }
            Collections.sort(millis);
            Collections.sort(redisMillis);
            Collections.sort(stalls);
            report.append(String.format("| %,d | %d | %.2f ms | %.2f ms | %.2f ms | %.3f ms | %,d | %.2f ms | %.2f ms |%n",
                    n, REPEATS, millis.get(0), millis.get(millis.size() / 2), millis.get(millis.size() - 1),
                    redisMillis.get(redisMillis.size() / 2), cost.commandsWithoutPings(),
                    stalls.get(stalls.size() / 2), stalls.get(stalls.size() - 1)));
        }
    }

    /** Writes {@code n} members into an index, 10,000 per ZADD, alive for ten minutes. */
    private static void indexMembers(LocalRedis redis, String index, int n) throws IOException {
        String expiry = Long.toString(System.currentTimeMillis() + 600_000);
        try (Resp resp = new Resp("127.0.0.1", redis.port())) {
            for (int from = 0; from < n; from += 10_000) {
                List<String> zadd = new ArrayList<>(List.of("ZADD", index));
                for (int i = from; i < Math.min(n, from + 10_000); i++) {
                    zadd.add(expiry);
                    zadd.add(Namespace.member("lazy-" + i, "v"));
                }
                resp.call(zadd.toArray(String[]::new));
            }
            resp.call("PEXPIRE", index, "601000");
        }
    }

    /**
     * What an epoch costs a Redis hit: the store's read of an entry while this node's copy of the epochs is
     * empty, and while it holds an epoch of one of the entry's tags (the entry filled after it, so served):
     * µs per read, sequential, and the copy's own check in ns per call.
     */
    private static void hitsBesideAnEpoch(RedisResponseStore store, KeyBuilder keys, RedisConnector connector,
            Namespace namespace, StringBuilder report) throws Exception {
        io.restcache.internal.store.redis.EpochRegistry registry =
                new io.restcache.internal.store.redis.EpochRegistry(connector, namespace);
        io.restcache.internal.store.redis.TagEpochs epochs = namespace.epochs();
        long now = System.currentTimeMillis();
        TagRef tag = TagRef.tag("epoch-hit");
        Set<TagRef> refs = Set.of(tag, TagRef.path("/epoch-hit"), TagRef.user("u-epoch-hit"));
        CacheKey key = new CacheKey(0, "epoch-hit", "v", keys.resourceKey(0, "epoch-hit"));
        CacheEntry entry = new CacheEntry(200, false, List.of(), "\"e\"", now, now + 600_000, now + 600_000,
                new byte[2048], refs);
        int reads = 20_000;
        report.append("\n## A Redis hit beside an epoch (store read, one thread, ").append(String.format("%,d", reads))
                .append(" reads a round)\n\n| this node's epochs | rounds | µs per read min | median | max | the check itself, ns per call (median) |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (boolean withEpoch : new boolean[] {false, true}) {
            epochs.reset();
            if (withEpoch) {
                epochs.learned(epochs.id(tag), 1, now + 600_000);    // the entry was filled after it: served
            }
            while (!epochs.known()) {
                registry.loadIfUnknown();
                Thread.sleep(5);
            }
            store.write(key, entry, refs, store.fillSequence().toCompletableFuture().get(), 600_000, null)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            List<Double> micros = new ArrayList<>();
            List<Double> checkNanos = new ArrayList<>();
            for (int round = 0; round < REPEATS; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reads; i++) {
                    if (store.read(key).toCompletableFuture().get(10, TimeUnit.SECONDS).isEmpty()) {
                        throw new IllegalStateException("the entry filled after the epoch was not served");
                    }
                }
                micros.add((System.nanoTime() - t0) / 1e3 / reads);
                long c0 = System.nanoTime();
                int current = 0;
                for (int i = 0; i < 1_000_000; i++) {
                    if (epochs.verdict(refs, 2 + i) == io.restcache.internal.store.redis.TagEpochs.Verdict.CURRENT) {
                        current++;
                    }
                }
                checkNanos.add((System.nanoTime() - c0) / 1e6);
                if (current != 1_000_000) {
                    throw new IllegalStateException("the check said " + current + " of 1,000,000 were current");
                }
            }
            Collections.sort(micros);
            Collections.sort(checkNanos);
            report.append(String.format("| %s | %d | %.1f | %.1f | %.1f | %.0f |%n",
                    withEpoch ? "one epoch, of one of the entry's 3 refs" : "none (the common case)", REPEATS,
                    micros.get(0), micros.get(micros.size() / 2), micros.get(micros.size() - 1),
                    checkNanos.get(checkNanos.size() / 2)));
        }
        epochs.reset();
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
