package io.restcache.bench;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Redis memory per entry: {@code MEMORY USAGE} of the hash restcache stores a response in, and Redis'
 * {@code used_memory} growth (without client buffers) per stored response (every key restcache writes for it: the hash and its
 * index entries), against the payload's size and against the hand-written baseline's plain string. Runs
 * before the load, on a quiet Redis.
 */
final class MemorySection implements Section {

    /**
     * Responses stored per probe; the memory growth is divided by this. 50 keeps every index that entries
     * share (a path's, a tag's) within Redis' {@code zset-max-listpack-entries} (128), where a member costs
     * ~63 bytes; {@link #MANY} takes them past it, as any real tag or path of a per-user API is.
     */
    private static final int ENTRIES = 50;

    /** Responses of the per-user probe at scale: its shared indexes become skiplists (~180 bytes a member). */
    private static final int MANY = 1_000;

    @Override
    public String title() {
        return "Redis memory per entry";
    }

    @Override
    public boolean runsBeforeLoad() {
        return true;
    }

    @Override
    public String run(BenchContext context) throws Exception {
        Markdown table = new Markdown("size", "entry", ">payload bytes", ">stored entry bytes (HSTRLEN)",
                ">hash (MEMORY USAGE)", ">× payload", ">all keys, per entry (used_memory growth, without client buffers)", ">× payload",
                ">keys written per entry", ">baseline string (MEMORY USAGE)", ">× payload",
                ">the body alone, gzip level 6 / 9 (× payload)");
        Markdown levels = new Markdown("size", "gzip level", ">bytes", ">× payload", ">µs per compression (median)");
        try (Resp redis = context.redis().connect()) {
            for (Probe probe : probes(context.settings().sizes())) {
                String size = probe.size();
                settle(redis);
                Set<String> before = scan(redis);
                long memoryBefore = redis.dataMemory();
                long payload = -1;
                byte[] body = new byte[0];
                int stored = 0;
                for (int i = 0; i < probe.entries(); i++) {
                    // a resource of its own each time: a new entry
                    HttpResponse<byte[]> r = probe.perUser()
                            ? context.server().get("/per-user/" + size, "X-Bench-User", "memory-" + i + "-" + System.nanoTime())
                            : context.server().get("/stores/redis/" + size + "?n=memory-" + i + "-" + System.nanoTime());
                    if (r.statusCode() == 200 && r.headers().firstValue("Cache-Status").orElse("").contains("stored")) {
                        stored++;
                        payload = r.body().length;
                        body = r.body();
                    }
                }
                settle(redis);
                long memoryAfter = redis.dataMemory();
                Set<String> created = scan(redis);
                created.removeAll(before);
                String hash = null;
                for (String key : created) {
                    if ("hash".equals(redis.call("TYPE", key))) {
                        hash = key;
                        break;
                    }
                }
                if (stored != probe.entries() || hash == null) {
                    table.row(size, probe.label(), Markdown.num(payload, 0), "n/a (" + stored + " of " + probe.entries() + " stored, "
                            + created.size() + " new keys)", "", "", "", "", "", "", "", "");
                    continue;
                }
                for (int level : probe.perUser() ? new int[0] : new int[] {1, 3, 6, 9}) {
                    long bytes = gzipped(body, level);
                    levels.row(size, String.valueOf(level), Markdown.num(bytes, 0), times(bytes, payload),
                            Markdown.num(medianMicros(body, level), 1));
                }
                List<?> fields = (List<?>) redis.call("HKEYS", hash);
                long entryBytes = redis.callLong("HSTRLEN", hash, String.valueOf(fields.get(0)));
                long hashUsage = redis.callLong("MEMORY", "USAGE", hash, "SAMPLES", "0");
                double perEntry = (double) (memoryAfter - memoryBefore) / probe.entries();

                String baselineKey = "bench:baseline:/baseline/" + size;
                if (redis.callLong("EXISTS", baselineKey) == 0) {
                    context.server().get("/baseline/" + size);
                    settle(redis);
                }
                Object baselineUsage = redis.call("MEMORY", "USAGE", baselineKey, "SAMPLES", "0");
                table.row(size, probe.label(), Markdown.num(payload, 0), Markdown.num(entryBytes, 0), Markdown.num(hashUsage, 0),
                        times(hashUsage, payload), Markdown.num(perEntry, 0), times(perEntry, payload),
                        String.format(Locale.ROOT, "%.1f", (double) created.size() / probe.entries()),
                        baselineUsage == null ? "n/a" : Markdown.num((Long) baselineUsage, 0),
                        baselineUsage == null ? "n/a" : times((Long) baselineUsage, payload),
                        Markdown.num(gzipped(body, 6), 0) + " / " + Markdown.num(gzipped(body, 9), 0) + " ("
                                + times(gzipped(body, 6), payload) + " / " + times(gzipped(body, 9), payload) + ")");
            }
        }
        return table + "\n" + ENTRIES + " responses stored per size and kind unless the row says more, on a quiet Redis: shared ones (`/stores/redis/{size}?n=…`) each "
                + "under its own query parameter, per-user ones (`/per-user/{size}`: `@VaryBy(user = true)`, one tag) each for "
                + "its own caller, so that each also adds a user index. With 50 entries the indexes they share (the path's and "
                + "the tag's) stay within `zset-max-listpack-entries` (128) and a member costs ~63 bytes; the row with "
                + MANY + " entries takes them past it, as the tags and paths of a real per-user API are, into skiplists. \"stored entry bytes\": one variant's value in restcache's hash (status, times, ETag, "
                + "replayed headers and the body, compressed when restcache compresses). \"hash\": `MEMORY USAGE "
                + "<key> SAMPLES 0` of one resource's hash (key, value and Redis' own overhead). \"all keys, per "
                + "entry\": the growth of `used_memory` without the client connections' buffers (`mem_clients_normal`) "
                + "divided by the number of responses, which also counts whatever else restcache writes per response "
                + "(index entries, expiry bookkeeping). The baseline stores the bare "
                + "body in one string. The last column is the payload gzipped by the JDK alone, outside Redis: what "
                + "any gzip-based store needs for the body before its own metadata and Redis' per-key overhead.\n\n"
                + "#### What each gzip level costs (restcache.compression.level)\n\n" + levels + "\n"
                + "The same body compressed by the JDK's zlib in the benchmark's own process (not the server), 2,000 "
                + "times per level after a warm-up; the time is the median of one compression. Levels 1–3 use zlib's "
                + "fast strategy, 4–9 its lazy matching.\n";
    }

    /**
     * One kind of entry measured at one size: a shared entry, or a per-user one (one variant per caller),
     * stored {@code entries} times.
     */
    private record Probe(String size, boolean perUser, int entries) {
        String label() {
            String kind = perUser ? "per user, one tag" : "shared";
            return entries == ENTRIES ? kind : kind + ", " + Markdown.num(entries, 0) + " entries";
        }
    }

    /** Shared entries at every size; per-user entries at 2 KB, the size per-user API responses have. */
    private static List<Probe> probes(List<String> sizes) {
        List<Probe> probes = new java.util.ArrayList<>();
        for (String size : sizes) {
            probes.add(new Probe(size, false, ENTRIES));
        }
        if (sizes.contains("2k")) {
            probes.add(new Probe("2k", true, ENTRIES));
            probes.add(new Probe("2k", true, MANY));
        }
        return probes;
    }

    private static long gzipped(byte[] body, int level) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(level, true);
        try {
            return gzipped(body, deflater);
        } finally {
            deflater.end();
        }
    }

    /** The gzip size of the body (raw deflate plus the 18 bytes of gzip header and trailer). */
    private static long gzipped(byte[] body, java.util.zip.Deflater deflater) {
        deflater.reset();
        deflater.setInput(body);
        deflater.finish();
        byte[] out = new byte[body.length + 1024];
        long n = 0;
        while (!deflater.finished()) {
            n += deflater.deflate(out);
        }
        return n + 18;
    }

    /** Median time of one compression with a reused deflater, as restcache's pool does. */
    private static double medianMicros(byte[] body, int level) {
        int runs = 2_000;
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(level, true);
        try {
            for (int i = 0; i < runs; i++) {
                gzipped(body, deflater);
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                gzipped(body, deflater);
                nanos[i] = System.nanoTime() - start;
            }
            java.util.Arrays.sort(nanos);
            return nanos[runs / 2] / 1000.0;
        } finally {
            deflater.end();
        }
    }

    private static String times(double value, double payload) {
        return payload <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", value / payload);
    }


    /** Waits (at most 5 s) until the number of keys stops changing: stores finish after the response. */
    private static void settle(Resp redis) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = redis.callLong("DBSIZE");
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(300);
        }
    }

    /** Every key, by SCAN (bounded: until the cursor comes back to 0, or a minute). */
    private static Set<String> scan(Resp redis) throws Exception {
        Set<String> keys = new HashSet<>();
        String cursor = "0";
        long deadline = System.nanoTime() + 60_000_000_000L;
        do {
            List<?> reply = (List<?>) redis.call("SCAN", cursor, "COUNT", "1000");
            cursor = String.valueOf(reply.get(0));
            for (Object k : (List<?>) reply.get(1)) {
                keys.add(String.valueOf(k));
            }
        } while (!cursor.equals("0") && System.nanoTime() < deadline);
        return keys;
    }
}
