package io.restcache.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import io.restcache.internal.fleet.NearCache;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.TagRef;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * How often a node's near cache answers, as a function of the working set and of
 * {@code restcache.near-cache.max-age}: restcache's own {@link NearCache} (Caffeine, bounded by bytes,
 * expiring after write) driven by a simulated request stream on a simulated clock. Every request the near
 * cache does not answer is a Redis read, and puts the entry it read (the fill path of a Redis hit). No
 * server and no Redis: the figures are the cache's policy alone, deterministic for a seed, and take seconds.
 *
 * <p>Two tables: the hit rate for working sets of 1/2 to 8 times what the byte bound holds, for uniform
 * and Zipf (s = 1) popularity, with a max-age no request outlives; and the hit rate against max-age for a
 * working set that fits, at a fixed request rate, where expiry alone makes misses.
 *
 * <p>Run: {@code mvn -B -Pbench-near -DskipTests -pl bench -am verify}.
 */
public final class NearCacheHitRates {

    /** Bytes of each simulated response body (the 2 KB JSON). */
    private static final int BODY = 2048;
    /** The near cache's byte bound for the working-set table; small so that the table runs in seconds. */
    private static final long MAX_BYTES = 8L * 1024 * 1024;
    private static final long SEED = 20261202L;

    private NearCacheHitRates() {
    }

    public static void main(String[] args) {
        StringBuilder out = new StringBuilder();
        int capacity = entriesThatFit();
        out.append(String.format("## Near-cache hit rate (NearCacheHitRates)%n%n"));
        out.append(String.format("Byte bound %,d B holds %,d entries of a %,d-byte body. Each row: 10 requests per key "
                + "of the working set to warm up, then 20 per key measured.%n%n", MAX_BYTES, capacity, BODY));
        out.append("| working set ÷ capacity | keys | uniform | Zipf (s = 1) |\n|---:|---:|---:|---:|\n");
        for (double factor : new double[] {0.5, 1, 2, 4, 8}) {
            int keys = (int) Math.round(capacity * factor);
            out.append(String.format("| %.1f× | %,d | %s | %s |%n", factor, keys,
                    percent(hitRate(keys, MAX_BYTES, Duration.ofHours(1), 0, uniform(keys))),
                    percent(hitRate(keys, MAX_BYTES, Duration.ofHours(1), 0, zipf(keys, 1.0)))));
        }
        int keys = capacity / 2;
        int rate = 2_000;
        out.append(String.format("%nAgainst `near-cache.max-age`: %,d keys (half the capacity), %,d requests per second "
                + "on one node, Zipf (s = 1), on a simulated clock; an entry read from Redis is kept for max-age.%n%n",
                keys, rate));
        out.append("| max-age | hit rate | Redis reads per second |\n|---:|---:|---:|\n");
        for (Duration maxAge : List.of(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60))) {
            double hits = hitRate(keys, MAX_BYTES, maxAge, 1_000_000_000L / rate, zipf(keys, 1.0));
            out.append(String.format("| %s | %s | %,.0f |%n", maxAge.toMillis() < 1000 ? maxAge.toMillis() + " ms"
                    : maxAge.toSeconds() + " s", percent(hits), rate * (1 - hits)));
        }
        System.out.print(out);
    }

    /** How many of the simulated entries the byte bound holds (found by filling one). */
    private static int entriesThatFit() {
        NearCache near = new NearCache(MAX_BYTES, Duration.ofHours(1), Ticker.systemTicker());
        int n = 0;
        while (n < 1_000_000) {
            near.put(key(n), entry(), near.epoch());
            n++;
            if (near.size() < n) {
                return n - 1;
            }
        }
        return n;
    }

    /**
     * @param nanosPerRequest how far the simulated clock moves per request (0: it stands still)
     * @return the fraction of measured requests the near cache answered
     */
    private static double hitRate(int keys, long maxBytes, Duration maxAge, long nanosPerRequest, IntSupplier next) {
        AtomicLong now = new AtomicLong();
        NearCache near = new NearCache(maxBytes, maxAge, now::get);
        CacheEntry entry = entry();
        long warmUp = 10L * keys;
        long measured = 20L * keys;
        long hits = 0;
        for (long i = 0; i < warmUp + measured; i++) {
            now.addAndGet(nanosPerRequest);
            CacheKey k = key(next.getAsInt());
            boolean hit = near.get(k, true).isPresent();
            if (!hit) {
                near.put(k, entry, near.epoch());      // read from Redis, kept near
            }
            if (i >= warmUp && hit) {
                hits++;
            }
        }
        return (double) hits / measured;
    }

    private static IntSupplier uniform(int keys) {
        Random random = new Random(SEED);
        return () -> random.nextInt(keys);
    }

    /** Zipf by inverse transform over the cumulative weights 1/k^s. */
    private static IntSupplier zipf(int keys, double s) {
        double[] cumulative = new double[keys];
        double sum = 0;
        for (int k = 0; k < keys; k++) {
            sum += 1 / Math.pow(k + 1, s);
            cumulative[k] = sum;
        }
        double total = sum;
        Random random = new Random(SEED);
        return () -> {
            int at = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
            return Math.min(at < 0 ? -at - 1 : at, keys - 1);
        };
    }

    private static CacheKey key(int n) {
        String id = "r" + n;
        return new CacheKey(0, id, "v", "bench:v3:g0:r:{" + id + "}");
    }

    private static CacheEntry entry() {
        return new CacheEntry(200, false, List.of(new CacheEntry.Header("Content-Type", "application/json")),
                "\"e\"", 0, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, new byte[BODY], Set.<TagRef>of());
    }

    private static String percent(double fraction) {
        return String.format("%.1f%%", 100 * fraction);
    }
}
