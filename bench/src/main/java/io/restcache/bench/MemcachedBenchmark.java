package io.restcache.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The store question, side by side in one run on one Payara Micro: the same bytes answered by the ceiling
 * (no cache), by restcache's near cache, by a restcache Redis hit and by a restcache Memcached hit (near
 * cache off for both), with requests per second, the server's CPU per request and the store's CPU per
 * request (redis-server, memcached); then memory per entry in each store. Rounds are interleaved (every
 * row once per round) and reported as min/median/max.
 *
 * <p>Run: {@code mvn -B -Pbench-memcached -DskipTests -pl bench -am verify} (needs Debian's memcached);
 * {@code -Dbench.seconds}, {@code -Dbench.warmup}, {@code -Dbench.connections}, {@code -Dbench.sizes},
 * {@code -Dbench.jitPasses}, {@code -Dbench.rounds} (here default 3) as for the main benchmark.
 */
public final class MemcachedBenchmark {

    /** {@code restcache.method."io.restcache.bench.app.PayloadResource.onMemcached".store}, as an environment variable. */
    static final String STORE_OVERRIDE = "RESTCACHE_METHOD__IO_RESTCACHE_BENCH_APP_PAYLOADRESOURCE_ONMEMCACHED__STORE";
    private static final int MEMORY_ENTRIES = 500;

    private MemcachedBenchmark() {
    }

    private record Row(String id, String label, String path, String expected) {
    }

    /** One measured row of one round. */
    private record Sample(double rps, double p99Micros, double payaraMicros, double redisMicros, double memcachedMicros,
            long notAsExpected) {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        int rounds = Integer.parseInt(System.getProperty("bench.rounds", "3"));
        Files.createDirectories(settings.workDir());
        String startedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        try (LocalRedis redis = LocalRedis.start(settings.workDir());
                Memcached memcached = Memcached.start(settings.workDir());
                PayaraServer payara = PayaraServer.start(settings, redis.uri(), Map.of(
                        "RESTCACHE_MEMCACHED_SERVERS", memcached.servers(),
                        STORE_OVERRIDE, "memcached"))) {
            payara.awaitReady();
            awaitMemcachedHit(payara);
            StringBuilder report = new StringBuilder("## Redis vs Memcached (`MemcachedBenchmark`)\n\n")
                    .append("Run ").append(startedAt).append(", ").append(settings.connections()).append(" connections, ")
                    .append(settings.warmup().toSeconds()).append(" s warm-up + ").append(settings.measure().toSeconds())
                    .append(" s per row, ").append(rounds).append(" interleaved rounds; ").append(redis.description())
                    .append(", memcached ").append(memcached.version()).append(" (pid ").append(memcached.pid())
                    .append(").\n\n");
            report.append(throughput(settings, rounds, payara, redis, memcached));
            report.append('\n').append(memory(settings, payara, redis, memcached));
            String text = report.toString();
            System.out.println(text);
            Path out = settings.output().resolveSibling("BENCHMARKS-memcached.md");
            Files.writeString(out, text, StandardCharsets.UTF_8);
            BenchContext.log("wrote " + out);
        }
    }

    private static void awaitMemcachedHit(PayaraServer payara) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String status = payara.get("/stores/memcached/2k").headers().firstValue("Cache-Status").orElse("");
            if (status.contains("detail=memcached")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("/stores/memcached/2k was never a Memcached hit (last Cache-Status: "
                        + status + "): is " + STORE_OVERRIDE + " read?");
            }
            Thread.sleep(250);
        }
    }

    private static List<Row> rows(String size) {
        return List.of(
                new Row("ceiling", "ceiling: precomputed bytes, no cache", "/ceiling/" + size, null),
                new Row("near", "restcache near-cache hit", "/near/cached/" + size, "detail=near"),
                new Row("redis", "restcache Redis hit", "/stores/redis/" + size, "detail=redis"),
                new Row("memcached", "restcache Memcached hit", "/stores/memcached/" + size, "detail=memcached"));
    }

    private static String throughput(BenchSettings settings, int rounds, PayaraServer payara, LocalRedis redis,
            Memcached memcached) throws Exception {
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Map<String, Long> bytes = new HashMap<>();
        for (String size : settings.sizes()) {
            bytes.put(size, (long) payara.get("/ceiling/" + size).body().length);
            for (int pass = 0; pass < settings.jitPasses(); pass++) {
                for (Row row : rows(size)) {     // fill the stores, warm the JIT, unmeasured
                    LoadGenerator.run(target(payara, row, bytes.get(size)), settings.connections(), Duration.ZERO,
                            settings.warmup(), LoadGenerator.Probe.NONE);
                }
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (String size : settings.sizes()) {
                for (Row row : rows(size)) {
                    CpuProbe probe = new CpuProbe(payara.process(), redis.process(), memcached.process());
                    LoadGenerator.Outcome o = LoadGenerator.run(target(payara, row, bytes.get(size)),
                            settings.connections(), settings.warmup(), settings.measure(), probe);
                    double n = o.requests();
                    samples.computeIfAbsent(size + " " + row.id(), k -> new ArrayList<>()).add(new Sample(
                            o.requestsPerSecond(), o.latencyMicros().getValueAtPercentile(99),
                            probe.payara / 1e3 / n, probe.redis / 1e3 / n, probe.memcached / 1e3 / n,
                            o.errors() + o.badStatus() + o.wrongSize() + o.expectationMissed()));
                    BenchContext.log(String.format(Locale.ROOT, "round %d %s %s: %,.0f req/s", round + 1, size,
                            row.id(), o.requestsPerSecond()));
                }
            }
        }
        StringBuilder table = new StringBuilder("| size | answered by | req/s median (min–max) | × ceiling median (min–max) "
                + "| p99 µs median | server CPU µs/req | redis-server CPU µs/req | memcached CPU µs/req | not as expected |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String size : settings.sizes()) {
            List<Sample> ceiling = samples.get(size + " ceiling");
            for (Row row : rows(size)) {
                List<Sample> s = samples.get(size + " " + row.id());
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < s.size(); i++) {
                    ratios.add(s.get(i).rps() / ceiling.get(i).rps());      // against the ceiling of the same round
                }
                table.append(String.format(Locale.ROOT, "| %s | %s | %,.0f (%,.0f–%,.0f) | %.2f× (%.2f–%.2f) | %,.0f | %.0f | %.1f | %.1f | %d |%n",
                        size, row.label(), median(s, Sample::rps), min(s, Sample::rps), max(s, Sample::rps),
                        medianOf(ratios), ratios.stream().mapToDouble(d -> d).min().orElse(0),
                        ratios.stream().mapToDouble(d -> d).max().orElse(0), median(s, Sample::p99Micros),
                        median(s, Sample::payaraMicros), median(s, Sample::redisMicros), median(s, Sample::memcachedMicros),
                        s.stream().mapToLong(Sample::notAsExpected).sum()));
            }
        }
        return table + "\nCPU per request: each process's CPU time (from /proc) in the measured window divided by the "
                + "requests answered, median over the rounds. \"not as expected\": errors, wrong sizes and responses "
                + "whose Cache-Status did not name the expected source, over all rounds.\n";
    }

    private static String memory(BenchSettings settings, PayaraServer payara, LocalRedis redis, Memcached memcached)
            throws Exception {
        StringBuilder table = new StringBuilder("| size | payload bytes | Redis: used_memory growth per entry | × payload "
                + "| Memcached: `bytes` growth per entry | × payload |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (String size : settings.sizes()) {
            long payload = payara.get("/ceiling/" + size).body().length;
            long redisBefore = usedMemory(redis);
            long mcBefore = memcached.stat("bytes");
            for (int i = 0; i < MEMORY_ENTRIES; i++) {
                payara.get("/stores/redis/" + size + "?n=mem" + i);
                payara.get("/stores/memcached/" + size + "?n=mem" + i);
            }
            Thread.sleep(500);
            double redisPer = (double) (usedMemory(redis) - redisBefore) / MEMORY_ENTRIES;
            double mcPer = (double) (memcached.stat("bytes") - mcBefore) / MEMORY_ENTRIES;
            table.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.2f× | %,.0f | %.2f× |%n", size, payload,
                    redisPer, redisPer / payload, mcPer, mcPer / payload));
        }
        return table + "\n" + MEMORY_ENTRIES + " entries per size and store, each under its own query string, bodies "
                + "gzipped as restcache stores them. Redis: growth of `used_memory` without client buffers (the variant's hash, its index "
                + "members under its path, the expiry bookkeeping). Memcached: growth of `stats bytes` (item headers, "
                + "keys and values; the slab class's chunk rounds each item up further, by up to the growth factor "
                + "1.25).\n";
    }

    private static LoadGenerator.Target target(PayaraServer payara, Row row, long bytes) {
        return new LoadGenerator.Target("127.0.0.1", payara.port(), row.path(), false,
                row.expected() == null ? null : "Cache-Status", row.expected(), bytes, false);
    }

    private static long usedMemory(LocalRedis redis) throws IOException {
        try (Resp r = redis.connect()) {
            return r.dataMemory();
        }
    }

    private static double median(List<Sample> s, java.util.function.ToDoubleFunction<Sample> f) {
        return medianOf(s.stream().map(f::applyAsDouble).toList());
    }

    private static double min(List<Sample> s, java.util.function.ToDoubleFunction<Sample> f) {
        return s.stream().mapToDouble(f).min().orElse(0);
    }

    private static double max(List<Sample> s, java.util.function.ToDoubleFunction<Sample> f) {
        return s.stream().mapToDouble(f).max().orElse(0);
    }

    private static double medianOf(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** CPU of Payara Micro, redis-server and memcached in the measured window. */
    private static final class CpuProbe implements LoadGenerator.Probe {
        private final ProcessHandle payaraProcess;
        private final Optional<ProcessHandle> redisProcess;
        private final ProcessHandle memcachedProcess;
        private long payaraStart;
        private long redisStart;
        private long memcachedStart;
        long payara;
        long redis;
        long memcached;

        CpuProbe(ProcessHandle payara, Optional<ProcessHandle> redis, ProcessHandle memcached) {
            this.payaraProcess = payara;
            this.redisProcess = redis;
            this.memcachedProcess = memcached;
        }

        @Override
        public void atStart() {
            payaraStart = cpu(Optional.of(payaraProcess));
            redisStart = cpu(redisProcess);
            memcachedStart = cpu(Optional.of(memcachedProcess));
        }

        @Override
        public void atEnd() {
            payara = cpu(Optional.of(payaraProcess)) - payaraStart;
            redis = cpu(redisProcess) - redisStart;
            memcached = cpu(Optional.of(memcachedProcess)) - memcachedStart;
        }

        private static long cpu(Optional<ProcessHandle> process) {
            return process.isEmpty() ? 0 : Math.max(0, CpuSnapshot.of(process, false).totalNanos());
        }
    }

    /** Debian's memcached on a free loopback port, stopped by its process id. */
    private static final class Memcached implements AutoCloseable {
        private final Process process;
        private final int port;
        private final String binary;

        private Memcached(Process process, int port, String binary) {
            this.process = process;
            this.port = port;
            this.binary = binary;
        }

        static Memcached start(Path workDir) throws IOException, InterruptedException {
            String binary = Processes.onPath("memcached").map(Path::toString).orElseThrow(() -> new IllegalStateException(
                    "the Memcached benchmark needs memcached (Debian: apt-get install memcached)"));
            int port = Processes.freePort();
            // 1 GB of memory (no eviction during the run), loopback, no UDP; as root it needs a user to run as
            Process process = new ProcessBuilder(binary, "-p", Integer.toString(port), "-l", "127.0.0.1", "-U", "0",
                    "-m", "1024", "-u", System.getProperty("user.name"))
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("memcached.log").toFile()).start();
            Memcached memcached = new Memcached(process, port, binary);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (true) {
                try {
                    memcached.command("version");
                    return memcached;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline || !process.isAlive()) {
                        memcached.close();
                        throw new IOException("memcached did not answer on " + port + " within 15 s");
                    }
                    Thread.sleep(50);
                }
            }
        }

        String servers() {
            return "127.0.0.1:" + port;
        }

        long pid() {
            return process.pid();
        }

        ProcessHandle process() {
            return process.toHandle();
        }

        String version() throws IOException {
            return command("version").get(0).replace("VERSION ", "");
        }

        long stat(String name) throws IOException {
            for (String line : command("stats")) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[1].equals(name)) {
                    return Long.parseLong(parts[2]);
                }
            }
            throw new IOException("memcached stats has no " + name);
        }

        private List<String> command(String command) throws IOException {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                List<String> lines = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    if (line.equals("END") || line.startsWith("VERSION") || line.contains("ERROR")) {
                        break;
                    }
                }
                return lines;
            }
        }

        @Override
        public void close() {
            Processes.stop(process.toHandle(), 10);
        }
    }
}
