package io.restcache.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The edge, side by side in one run: a real Varnish (the sample's VCL, varnish-modules' xkey) in front of
 * a Payara Micro whose restcache emits xkey keys and purges Varnish. Throughput and CPU per request of a
 * shared endpoint answered by Varnish (edge hit), by restcache's near cache, and by the ceiling (the same
 * bytes, no cache); then the time from a PUT's response (sent to Payara, not through Varnish, so that only
 * restcache's purge can reach Varnish) to the first Varnish miss, over many trials; and the same through
 * Varnish, where the VCL acts on the response's Cache-Group-Invalidation before the client sees it.
 *
 * <p>Run: {@code mvn -B -Pbench-edge -DskipTests -pl bench -am verify} (needs varnishd and
 * varnish-modules); {@code -Dbench.seconds}, {@code -Dbench.warmup}, {@code -Dbench.connections},
 * {@code -Dbench.sizes} as for the main benchmark, {@code -Dbench.edgeTrials} (default 300).
 */
public final class EdgeBenchmark {

    private static final Duration POLL_GIVE_UP = Duration.ofSeconds(10);

    private EdgeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        int trials = Integer.parseInt(System.getProperty("bench.edgeTrials", "300"));
        Path vcl = Path.of(System.getProperty("bench.vcl", "../samples/varnish/sample.vcl")).toAbsolutePath();
        Files.createDirectories(settings.workDir());
        String startedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        int varnishPort = Processes.freePort();
        try (LocalRedis redis = LocalRedis.start(settings.workDir());
                PayaraServer payara = PayaraServer.start(settings, redis.uri(), Map.of(
                        "RESTCACHE_KEY_SECRET", "bench-edge-secret-0123456789",
                        "RESTCACHE_EDGE_SURROGATE_KEYS", "xkey",
                        "RESTCACHE_EDGE_CACHE_GROUPS", "on",
                        "RESTCACHE_EDGE_PURGER", "varnish",
                        "RESTCACHE_EDGE_VARNISH_HOSTS", "http://127.0.0.1:" + varnishPort))) {
            payara.awaitReady();
            try (Varnish varnish = Varnish.start(vcl, varnishPort, payara.port(), settings.workDir())) {
                StringBuilder report = new StringBuilder();
                report.append("## Edge (Varnish in front)\n\n").append("Run ").append(startedAt).append(", ")
                        .append(settings.connections()).append(" connections, ").append(settings.warmup().toSeconds())
                        .append(" s warm-up + ").append(settings.measure().toSeconds())
                        .append(" s per row; Varnish ").append(varnish.version()).append(" with the sample's VCL.\n\n");
                report.append(throughput(settings, payara, varnish));
                report.append('\n').append(purgeDelays(payara, varnish, trials));
                String text = report.toString();
                System.out.println(text);
                Path out = settings.output().resolveSibling("BENCHMARKS-edge.md");
                Files.writeString(out, text, StandardCharsets.UTF_8);
                BenchContext.log("wrote " + out);
            }
        }
    }

    private record Row(String label, String host, int port, String path, String header, String value) {
    }

    private static String throughput(BenchSettings settings, PayaraServer payara, Varnish varnish) throws Exception {
        StringBuilder table = new StringBuilder("| size | answered by | req/s | × ceiling | p50 µs | p99 µs | "
                + "CPU µs/req Payara | CPU µs/req Varnish | CPU µs/req machine | not as expected |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String size : settings.sizes()) {
            List<Row> rows = List.of(
                    new Row("ceiling: precomputed bytes, no cache", "127.0.0.1", payara.port(), "/ceiling/" + size, null, null),
                    new Row("restcache near-cache hit", "127.0.0.1", payara.port(), "/near/cached/" + size,
                            "Cache-Status", "detail=near"),
                    new Row("Varnish hit (edge)", "127.0.0.1", varnish.port(), "/near/cached/" + size,
                            "X-Varnish-Cache", "hit"));
            // the payload's length as the server sends it (the runner's JVM has no JSON-B to build it itself)
            long bytes = payara.get("/ceiling/" + size).body().length;
            for (int pass = 0; pass < settings.jitPasses(); pass++) {
                for (Row row : rows) {     // warm both caches and the JIT, unmeasured
                    LoadGenerator.run(target(row, bytes), settings.connections(), Duration.ZERO, settings.warmup(),
                            LoadGenerator.Probe.NONE);
                }
            }
            double ceiling = 0;
            for (Row row : rows) {
                CpuProbe probe = new CpuProbe(payara.process(), varnish.processes());
                LoadGenerator.Outcome o = LoadGenerator.run(target(row, bytes), settings.connections(),
                        settings.warmup(), settings.measure(), probe);
                double rps = o.requestsPerSecond();
                if (ceiling == 0) {
                    ceiling = rps;
                }
                table.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f | %d | %d | %.0f | %.0f | %.0f | %d |%n",
                        size, row.label(), rps, rps / ceiling, o.latencyMicros().getValueAtPercentile(50),
                        o.latencyMicros().getValueAtPercentile(99), probe.payaraNanos / 1e3 / o.requests(),
                        probe.varnishNanos / 1e3 / o.requests(), probe.machineNanos / 1e3 / o.requests(),
                        o.errors() + o.badStatus() + o.wrongSize() + o.expectationMissed()));
            }
        }
        return table.toString();
    }

    private static LoadGenerator.Target target(Row row, long bytes) {
        return new LoadGenerator.Target(row.host(), row.port(), row.path(), false, row.header(), row.value(), bytes, false);
    }

    /** CPU of Payara Micro, of varnishd (manager and cache process) and of the whole machine in the window. */
    private static final class CpuProbe implements LoadGenerator.Probe {
        private final ProcessHandle payara;
        private final List<ProcessHandle> varnish;
        private long payaraStart;
        private long varnishStart;
        private long machineStart;
        long payaraNanos;
        long varnishNanos;
        long machineNanos;

        CpuProbe(ProcessHandle payara, List<ProcessHandle> varnish) {
            this.payara = payara;
            this.varnish = varnish;
        }

        @Override
        public void atStart() {
            payaraStart = cpu(List.of(payara));
            varnishStart = cpu(varnish);
            machineStart = CpuSnapshot.machineBusyNanos();
        }

        @Override
        public void atEnd() {
            payaraNanos = cpu(List.of(payara)) - payaraStart;
            varnishNanos = cpu(varnish) - varnishStart;
            machineNanos = CpuSnapshot.machineBusyNanos() - machineStart;
        }

        private static long cpu(List<ProcessHandle> processes) {
            long sum = 0;
            for (ProcessHandle p : processes) {
                sum += Math.max(0, CpuSnapshot.of(Optional.of(p), false).totalNanos());
            }
            return sum;
        }
    }

    /**
     * Per trial: the object is a Varnish hit; a PUT to its path goes to Payara directly (or through
     * Varnish); from the PUT's response, Varnish is polled until it answers a miss.
     */
    private static String purgeDelays(PayaraServer payara, Varnish varnish, int trials) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        StringBuilder table = new StringBuilder("| PUT sent to | trials | first GET already a miss | p50 µs | p99 µs | max µs |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (boolean throughVarnish : new boolean[] {false, true}) {
            Histogram delays = new Histogram(60_000_000L, 3);
            int immediate = 0;
            String path = "/near/cached/2k";
            for (int i = -20; i < trials; i++) {     // 20 unrecorded warm-up trials
                long deadline = System.nanoTime() + POLL_GIVE_UP.toNanos();
                while (!"hit".equals(cacheAt(client, varnish.port(), path))) {
                    requireBefore(deadline, "Varnish never served " + path + " as a hit");
                }
                int putPort = throughVarnish ? varnish.port() : payara.port();
                HttpResponse<Void> put = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + putPort + path))
                        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                long answered = System.nanoTime();
                if (put.statusCode() != 204) {
                    throw new IllegalStateException("PUT " + path + " answered " + put.statusCode());
                }
                int polls = 0;
                long pollStart = System.nanoTime();
                while (!"miss".equals(cacheAt(client, varnish.port(), path))) {
                    polls++;
                    requireBefore(answered + POLL_GIVE_UP.toNanos(), "Varnish still served " + path + " 10 s after the PUT");
                    pollStart = System.nanoTime();
                }
                // until the request that missed was sent: the object was gone by then (0 when the first one missed)
                long delay = polls == 0 ? 0 : (pollStart - answered) / 1000;
                if (i >= 0) {
                    delays.recordValue(Math.min(delay, 60_000_000L));
                    immediate += polls == 0 ? 1 : 0;
                }
            }
            table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d |%n",
                    throughVarnish ? "Varnish (VCL acts on Cache-Group-Invalidation)" : "Payara directly (restcache's purge)",
                    trials, immediate, delays.getValueAtPercentile(50), delays.getValueAtPercentile(99), delays.getMaxValue()));
        }
        return "Time from a PUT's response to the first Varnish miss of the object it invalidated: until the GET "
                + "that missed was sent (0 when the first GET after the response missed; Varnish is polled back to back, "
                + "each poll a hit of about 0.1-0.5 ms until then):\n\n" + table;
    }

    private static String cacheAt(HttpClient client, int port, String path) throws IOException, InterruptedException {
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()
                .build(), HttpResponse.BodyHandlers.discarding());
        return r.headers().firstValue("X-Varnish-Cache").orElse("");
    }

    private static void requireBefore(long deadline, String failure) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(failure);
        }
    }

    /** varnishd with a copy of the given VCL pointed at the backend port; stopped by its process id. */
    private static final class Varnish implements AutoCloseable {
        private final Process process;
        private final int port;
        private final String binary;

        private Varnish(Process process, int port, String binary) {
            this.process = process;
            this.port = port;
            this.binary = binary;
        }

        static Varnish start(Path vcl, int port, int backendPort, Path workDir) throws IOException, InterruptedException {
            String binary = Processes.onPath("varnishd").map(Path::toString)
                    .orElse(Files.isExecutable(Path.of("/usr/sbin/varnishd")) ? "/usr/sbin/varnishd" : null);
            if (binary == null) {
                throw new IllegalStateException("the edge benchmark needs varnishd and varnish-modules "
                        + "(Debian: apt-get install varnish varnish-modules)");
            }
            Path dir = Files.createTempDirectory(workDir, "varnish-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));   // varnishd's own user reads it
            Path copy = dir.resolve("edge.vcl");
            Files.writeString(copy, Files.readString(vcl).replace(".port = \"8080\"", ".port = \"" + backendPort + "\""));
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            Process process = new ProcessBuilder(List.of(binary, "-F", "-a", "127.0.0.1:" + port, "-f", copy.toString(),
                    "-n", dir.resolve("n").toString(), "-s", "malloc,256m", "-T", "none"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("varnishd.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("varnishd exited: " + Files.readString(dir.resolve("varnishd.log")));
                }
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                    break;
                } catch (IOException notYet) {
                    requireBefore(deadline, "varnishd did not listen on " + port);
                    Thread.sleep(50);
                }
            }
            return new Varnish(process, port, binary);
        }

        int port() {
            return port;
        }

        /** The manager and its cache process. */
        List<ProcessHandle> processes() {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(process.toHandle());
            process.descendants().forEach(all::add);
            return Collections.unmodifiableList(all);
        }

        String version() throws IOException, InterruptedException {
            Process v = new ProcessBuilder(binary, "-V").redirectErrorStream(true).start();
            String out = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            v.waitFor();
            return out.lines().findFirst().orElse("?").replaceAll("^varnishd \\((.*) revision.*", "$1");
        }

        @Override
        public void close() {
            Processes.stop(process.toHandle(), 10);
        }
    }
}
