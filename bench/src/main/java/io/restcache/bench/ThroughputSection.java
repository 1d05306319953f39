package io.restcache.bench;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The scenarios of {@link Scenarios}, one after the other on the same server, each warmed up and then
 * measured under the same closed-loop load: throughput, latency, CPU per request (server, Redis) and
 * where the server's CPU went, plus the ratios to the ceiling and to the hand-written baseline.
 */
final class ThroughputSection implements Section {

    /** The bar for the miss path: at most this much more server CPU per request than the uncached method. */
    private static final double MISS_CPU_BAR = 0.05;

    private final List<Scenario> scenarios;

    ThroughputSection(List<Scenario> scenarios) {
        this.scenarios = scenarios;
    }

    @Override
    public String title() {
        return "Throughput, latency and CPU";
    }

    /** One measured scenario at one size. */
    record Result(Scenario scenario, String size, LoadGenerator.Outcome load, long serverCpuNanos,
            long redisCpuNanos, long clientCpuNanos, long machineCpuNanos, Map<String, Long> serverCpuByGroup,
            Map<String, Long> redisCommands, double methodRuns, String problem, String unavailable) {

        /** Redis commands the server sent per request (Redisson's connection pings left out). */
        double redisCommandsPerRequest() {
            if (load == null || load.requests() == 0 || redisCommands.isEmpty()) {
                return Double.NaN;
            }
            return redisCommands.values().stream().mapToLong(Long::longValue).sum() / (double) load.requests();
        }

        /** The command mix, most frequent first: {@code hget 1.00, eval 0.01}. */
        String redisCommandMix() {
            if (load == null || load.requests() == 0) {
                return "";
            }
            return redisCommands.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .filter(e -> e.getValue() / (double) load.requests() >= 0.005)
                    .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.2f", e.getValue() / (double) load.requests()))
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        /** CPU used by processes other than the server, Redis and the load generator, in cores. */
        double otherCores() {
            if (machineCpuNanos < 0 || serverCpuNanos < 0 || redisCpuNanos < 0 || clientCpuNanos < 0) {
                return Double.NaN;
            }
            // /proc/stat and the processes' times are rounded to ticks separately: a small negative is zero
            return cores(Math.max(0, machineCpuNanos - serverCpuNanos - redisCpuNanos - clientCpuNanos));
        }

        double rps() {
            return load == null ? Double.NaN : load.requestsPerSecond();
        }

        double perRequestMicros(long nanos) {
            return load == null || nanos < 0 || load.requests() == 0 ? Double.NaN : nanos / 1000.0 / load.requests();
        }

        double cores(long nanos) {
            return load == null || nanos < 0 ? Double.NaN : (double) nanos / load.windowNanos();
        }
    }

    @Override
    public String run(BenchContext context) throws Exception {
        BenchSettings settings = context.settings();
        // One unmeasured pass over every scenario first, so that the JIT has compiled all the code paths
        // (Jersey, JSON-B, Redisson, restcache) before any of them is measured.
        // Two passes: on 2 cores the compiler threads compete with the load, and code shared by several
        // scenarios is recompiled once it has seen them all.
        for (int pass = 1; pass <= settings.jitPasses() && !settings.warmup().isZero(); pass++) {
            BenchContext.log("JIT warm-up pass " + pass + "/" + settings.jitPasses() + ": every scenario and size for "
                    + settings.warmup().toSeconds() + " s");
            for (String size : settings.sizes()) {
                for (Scenario scenario : scenarios) {
                    if (scenario.unavailable().isEmpty()) {
                        LoadGenerator.run(target(context, scenario, size, -1), settings.connections(),
                                java.time.Duration.ZERO, settings.warmup(), LoadGenerator.Probe.NONE);
                    }
                }
            }
        }
        Map<String, List<Result>> rounds = new LinkedHashMap<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            // the sizes take turns at going first, so that neither is always the one measured right after
            // the JIT passes (or right after the other size's heavier scenarios)
            List<String> sizes = new ArrayList<>(settings.sizes());
            if (round % 2 == 0) {
                java.util.Collections.reverse(sizes);
            }
            for (String size : sizes) {
                for (Scenario scenario : scenarios) {
                    if (scenario.unavailable().isPresent()) {
                        continue;
                    }
                    BenchContext.log(String.format(Locale.ROOT, "round %d/%d, %s, %s: %.0f s warm-up + %.0f s measured",
                            round, settings.rounds(), size, scenario.label(), settings.warmup().toMillis() / 1000.0,
                            settings.measure().toMillis() / 1000.0));
                    Result r = measure(context, scenario, size);
                    BenchContext.log(r.unavailable() != null ? "  n/a: " + r.unavailable()
                            : r.load() == null ? "  failed: " + r.problem()
                            : String.format(Locale.ROOT, "  %.0f req/s, p50 %.2f ms, p99 %.2f ms, server CPU %.0f µs/req%s",
                                    r.rps(), r.load().latencyMicros().getValueAtPercentile(50) / 1000.0,
                                    r.load().latencyMicros().getValueAtPercentile(99) / 1000.0,
                                    r.perRequestMicros(r.serverCpuNanos()),
                                    r.problem() == null ? "" : " (" + r.problem() + ")"));
                    rounds.computeIfAbsent(scenario.id() + "@" + size, k -> new ArrayList<>()).add(r);
                }
            }
        }
        // the median round of each scenario, by throughput (the whole row from that round)
        Map<String, Result> chosen = new HashMap<>();
        rounds.forEach((key, list) -> {
            List<Result> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingDouble(r -> Double.isNaN(r.rps()) ? -1 : r.rps()));
            chosen.put(key, sorted.get(sorted.size() / 2));
        });
        return render(settings, chosen) + "\n" + RoundRatios.render(settings.sizes(), rounds);
    }

    private Result measure(BenchContext context, Scenario scenario, String size) throws Exception {
        PayaraServer server = context.server();
        if (!server.process().isAlive()) {
            throw new IllegalStateException("Payara Micro is not running any more (stopped, or crashed: see "
                    + server.log() + ")");
        }
        String path = scenario.path(size);
        // Check the scenario does what it says before loading it: 200, and the expected Cache-Status on a
        // second request (the first may be the miss that fills the cache).
        long expectedBytes;
        boolean gzip = gzip(context, scenario);
        String[] headers = gzip ? new String[] {"Accept-Encoding", "gzip"} : new String[0];
        try {
            HttpResponse<byte[]> first = server.get(checkPath(scenario, path), headers);
            HttpResponse<byte[]> second = server.get(checkPath(scenario, path), headers);
            if (first.statusCode() != 200 || second.statusCode() != 200) {
                return failed(scenario, size, "check requests answered " + first.statusCode() + ", " + second.statusCode());
            }
            String cacheStatus = second.headers().firstValue("Cache-Status").orElse("(none)");
            // a feature's marker is looked for a few times: one answer without it (a near entry that expired
            // between the two checks, say) once dropped a whole round's scenario as "not implemented"
            for (int retry = 0; retry < 5 && scenario.requires() != null && !cacheStatus.contains(scenario.requires()); retry++) {
                Thread.sleep(100);
                cacheStatus = server.get(checkPath(scenario, path), headers).headers().firstValue("Cache-Status").orElse("(none)");
            }
            if (scenario.requires() != null && !cacheStatus.contains(scenario.requires())) {
                return new Result(scenario, size, null, -1, -1, -1, -1, Map.of(), Map.of(), Double.NaN, null,
                        scenario.unsupported());
            }
            if (scenario.cacheStatus() != null && !cacheStatus.contains(scenario.cacheStatus())) {
                return failed(scenario, size, "expected Cache-Status containing '" + scenario.cacheStatus() + "', got '"
                        + cacheStatus + "'");
            }
            expectedBytes = second.body().length;
        } catch (Exception e) {
            return failed(scenario, size, "check request failed: " + e);
        }

        LoadGenerator.Target target = target(context, scenario, size, expectedBytes);
        Edge[] edges = new Edge[2];
        LoadGenerator.Outcome outcome;
        try (Resp redis = context.redis().connect()) {
            outcome = LoadGenerator.run(target, context.settings().connections(), context.settings().warmup(),
                    context.settings().measure(), new LoadGenerator.Probe() {
                        @Override
                        public void atStart() throws Exception {
                            edges[0] = Edge.take(context, scenario, size, redis);
                        }

                        @Override
                        public void atEnd() throws Exception {
                            edges[1] = Edge.take(context, scenario, size, redis);
                        }
                    });
        }
        Edge a = edges[0];
        Edge b = edges[1];
        List<String> problems = new ArrayList<>();
        if (outcome.errors() > 0) {
            problems.add(outcome.errors() + " failed (" + outcome.firstError() + ")");
        }
        if (outcome.badStatus() > 0) {
            problems.add(outcome.badStatus() + " not 200");
        }
        if (outcome.wrongSize() > 0) {
            problems.add(outcome.wrongSize() + " wrong size");
        }
        if (outcome.expectationMissed() > 0) {
            problems.add(outcome.expectationMissed() + " without '" + scenario.cacheStatus() + "'");
        }
        double methodRuns = outcome.requests() == 0 ? Double.NaN : (double) (b.methodRuns - a.methodRuns) / outcome.requests();
        // requests in flight at the window's edges may run the method without being counted, or the reverse
        double tolerance = 0.02 + 2.0 * context.settings().connections() / Math.max(1, outcome.requests());
        if (!(Math.abs(methodRuns - scenario.runsPerRequest()) <= tolerance)) {
            problems.add(String.format(Locale.ROOT, "method ran %.2f× per request, expected %d×", methodRuns,
                    scenario.runsPerRequest()));
        }
        return new Result(scenario, size, outcome, CpuSnapshot.delta(a.server, b.server),
                CpuSnapshot.delta(a.redis, b.redis), CpuSnapshot.delta(a.client, b.client),
                a.machine < 0 || b.machine < 0 ? -1 : b.machine - a.machine,
                CpuSnapshot.byGroup(a.server, b.server), difference(a.commands, b.commands), methodRuns,
                problems.isEmpty() ? null : String.join("; ", problems), null);
    }

    /** What is read at each edge of the measured window: CPU first (it is what the window is about). */
    private record Edge(long machine, CpuSnapshot server, CpuSnapshot redis, CpuSnapshot client, long methodRuns,
            Map<String, Long> commands) {

        static Edge take(BenchContext context, Scenario scenario, String size, Resp redisConnection) throws Exception {
            long machine = CpuSnapshot.machineBusyNanos();
            CpuSnapshot server = CpuSnapshot.of(Optional.of(context.server().process()), true);
            CpuSnapshot redis = CpuSnapshot.of(context.redis().process(), false);
            CpuSnapshot client = CpuSnapshot.of(Optional.of(ProcessHandle.current()), false);
            long runs = calls(context.server(), scenario.statsPath(), scenario.counter(size));
            return new Edge(machine, server, redis, client, runs, commandCalls(redisConnection));
        }
    }

    private static boolean gzip(BenchContext context, Scenario scenario) {
        return scenario.acceptGzip() || context.settings().gzip();
    }

    /** The load generator's target; {@code expectedBytes} -1 when not known. */
    private static LoadGenerator.Target target(BenchContext context, Scenario scenario, String size, long expectedBytes) {
        return new LoadGenerator.Target("127.0.0.1", context.server().port(), scenario.path(size), scenario.uniqueQuery(),
                scenario.cacheStatus() == null ? null : "Cache-Status", scenario.cacheStatus(), expectedBytes,
                gzip(context, scenario));
    }

    private static String checkPath(Scenario scenario, String path) {
        return scenario.uniqueQuery() ? path + "?n=check-" + System.nanoTime() : path;
    }

    private static Result failed(Scenario scenario, String size, String why) {
        return new Result(scenario, size, null, -1, -1, -1, -1, Map.of(), Map.of(), Double.NaN, why, null);
    }

    /** Calls per command so far, from {@code INFO commandstats}. */
    private static Map<String, Long> commandCalls(Resp redis) throws Exception {
        Map<String, Long> calls = new HashMap<>();
        for (String line : String.valueOf(redis.call("INFO", "commandstats")).split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                int colon = line.indexOf(':');
                int from = line.indexOf("calls=", colon) + "calls=".length();
                int to = line.indexOf(',', from);
                calls.put(line.substring("cmdstat_".length(), colon), Long.parseLong(line.substring(from, to)));
            }
        }
        return calls;
    }

    /** Commands sent between two snapshots, without the runner's own (INFO) and Redisson's keep-alive PINGs. */
    private static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new HashMap<>();
        after.forEach((command, calls) -> {
            long n = calls - before.getOrDefault(command, 0L);
            if (n > 0 && !command.equals("info") && !command.equals("ping")) {
                d.put(command, n);
            }
        });
        return d;
    }

    /** How many times the endpoint's method has run, from the WAR's counters. */
    private static long calls(PayaraServer server, String statsPath, String counter) throws Exception {
        HttpResponse<byte[]> r = server.get(statsPath);
        for (String line : new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space > 0 && line.substring(0, space).equals(counter)) {
                return Long.parseLong(line.substring(space + 1).trim());
            }
        }
        return 0;
    }

    private String render(BenchSettings settings, Map<String, Result> results) {
        StringBuilder out = new StringBuilder();
        Markdown main = new Markdown("scenario", "size", ">req/s", ">× ceiling", ">× baseline", ">p50 ms", ">p99 ms",
                ">server CPU µs/req", ">Redis CPU µs/req", ">Redis cmds/req", ">method runs/req", "checks");
        Markdown mix = new Markdown("scenario", "size", "Redis commands per request");
        Markdown cpu = new Markdown(header("scenario", "size", CpuSnapshot.GROUPS, "total", "server cores busy",
                "load generator CPU µs/req", "other processes, cores"));
        for (String size : settings.sizes()) {
            Result ceiling = results.get(Scenarios.CEILING + "@" + size);
            Result baseline = results.get(Scenarios.BASELINE + "@" + size);
            for (Scenario s : scenarios) {
                if (s.unavailable().isPresent()) {
                    main.row(s.label(), size, "n/a (" + s.unavailable().get() + ")", "", "", "", "", "", "", "", "", "");
                    continue;
                }
                Result r = results.get(s.id() + "@" + size);
                if (r == null) {
                    continue;
                }
                if (r.unavailable() != null) {
                    main.row(s.label(), size, "n/a (" + r.unavailable() + ")", "", "", "", "", "", "", "", "", "");
                    continue;
                }
                if (r.load() == null) {
                    main.row(s.label(), size, "failed", "", "", "", "", "", "", "", "", r.problem());
                    continue;
                }
                main.row(s.label(), size, Markdown.num(r.rps(), 0),
                        Markdown.ratio(ratio(r, ceiling)), Markdown.ratio(ratio(r, baseline)),
                        Markdown.num(r.load().latencyMicros().getValueAtPercentile(50) / 1000.0, 2),
                        Markdown.num(r.load().latencyMicros().getValueAtPercentile(99) / 1000.0, 2),
                        Markdown.num(r.perRequestMicros(r.serverCpuNanos()), 0),
                        Markdown.num(r.perRequestMicros(r.redisCpuNanos()), 1),
                        Markdown.num(r.redisCommandsPerRequest(), 2),
                        Markdown.num(r.methodRuns(), 2),
                        r.problem() == null ? "ok" : r.problem());
                List<Object> row = new ArrayList<>(List.of(s.label(), size));
                for (String g : CpuSnapshot.GROUPS) {
                    Long nanos = r.serverCpuByGroup().get(g);
                    row.add(nanos == null ? "n/a" : Markdown.num(r.perRequestMicros(nanos), 0));
                }
                row.add(Markdown.num(r.perRequestMicros(r.serverCpuNanos()), 0));
                row.add(Markdown.num(r.cores(r.serverCpuNanos()), 2));
                row.add(Markdown.num(r.perRequestMicros(r.clientCpuNanos()), 0));
                row.add(Markdown.num(r.otherCores(), 2));
                cpu.row(row.toArray());
                mix.row(s.label(), size, r.redisCommandMix().isEmpty() ? "none" : r.redisCommandMix());
            }
        }
        out.append(main).append('\n');
        out.append("req/s, latency and CPU are over the measured window only. \"× ceiling\" and \"× baseline\" are "
                + "throughput ratios to the ceiling and to the hand-written baseline at the same size. \"method "
                + "runs/req\" counts the resource method's executions inside the server: 0.00 proves every request "
                + "was a hit, 1.00 that every request ran the method. The 20 ms scenario is capped by the closed "
                + "loop at connections / 20 ms = " + Markdown.num(settings.connections() / 0.020, 0) + " req/s. The "
                + "\"client accepts gzip\" rows send `Accept-Encoding: gzip`: restcache answers with the body "
                + "compressed as stored, while the ceiling and the baseline always send it uncompressed.\n\n");

        out.append("### Where the server's CPU goes (µs per request, by thread group)\n\n");
        out.append(cpu).append('\n');
        out.append("From the kernel's per-thread CPU times (procfs) of the Payara Micro process (10 ms ticks). \"HTTP threads\": "
                + "Grizzly's request threads (Jersey, filters, the resource method, writing the response); "
                + "\"Redisson/netty\": Redisson's event loops (encoding, decoding, socket I/O); \"other\" includes "
                + "threads that ended during the window. \"server cores busy\": the server's CPU time divided by "
                + "the window. The load generator runs on the same cores. \"other processes\": CPU the rest of the "
                + "machine used during the window (the kernel's CPU counters): the noise; rows with a high value are suspect.\n\n");

        out.append("### Redis commands per request\n\n");
        out.append(mix).append('\n');
        out.append("From `INFO commandstats` of the benchmark's Redis over the window, both applications' clients "
                + "together, without Redisson's keep-alive PINGs; commands under 0.005 per request are not listed. Redis "
                + "counts the commands a Lua script runs as well as the EVAL/EVALSHA itself, so round trips are the "
                + "script calls plus the commands that are not run by a script.\n\n");
        out.append("### Miss-and-store CPU against the uncached method\n\n");
        Markdown bar = new Markdown("size", ">uncached µs/req", ">miss + store µs/req", ">extra µs/req", ">extra",
                "bar (≤ " + Math.round(MISS_CPU_BAR * 100) + "% extra)", ">hand-written miss + store µs/req",
                ">its extra", ">restcache's fill ÷ the hand-written fill");
        for (String size : settings.sizes()) {
            Result uncached = results.get(Scenarios.UNCACHED_UNIQUE + "@" + size);
            Result miss = results.get(Scenarios.MISS + "@" + size);
            if (uncached == null || miss == null || uncached.load() == null || miss.load() == null) {
                continue;
            }
            double u = uncached.perRequestMicros(uncached.serverCpuNanos());
            double m = miss.perRequestMicros(miss.serverCpuNanos());
            double extra = (m - u) / u;
            Result handMiss = results.get(Scenarios.BASELINE_MISS + "@" + size);
            boolean hand = handMiss != null && handMiss.load() != null;
            double h = hand ? handMiss.perRequestMicros(handMiss.serverCpuNanos()) : Double.NaN;
            bar.row(size, Markdown.num(u, 0), Markdown.num(m, 0), Markdown.num(m - u, 0),
                    String.format(Locale.ROOT, "%+.0f%%", extra * 100), extra <= MISS_CPU_BAR ? "met" : "not met",
                    hand ? Markdown.num(h, 0) : "n/a", hand ? String.format(Locale.ROOT, "%+.0f%%", (h - u) / u * 100) : "n/a",
                    hand ? String.format(Locale.ROOT, "%.2f×", (m - u) / (h - u)) : "n/a");
        }
        out.append(bar).append('\n');
        out.append("The three run the same method (JSON-B serialization of the payload on every call) on a new URL per "
                + "request. restcache's miss path adds its whole fill: the lookup that misses, the fill's start (lease "
                + "and invalidation sequence), capturing the body, its ETag and compression, and the store with its "
                + "indexes. The hand-written filter's adds one GET that misses and one SET of the raw body: the floor "
                + "of any fill into Redis, and the reference for what restcache's own bookkeeping costs on top.\n");
        return out.toString();
    }

    private static String[] header(String first, String second, String[] groups, String... rest) {
        List<String> h = new ArrayList<>(List.of(first, second));
        for (String g : groups) {
            h.add(">" + g);
        }
        for (String r : rest) {
            h.add(">" + r);
        }
        return h.toArray(new String[0]);
    }

    private static double ratio(Result r, Result reference) {
        if (reference == null || reference.load() == null || r.load() == null) {
            return Double.NaN;
        }
        return r.rps() / reference.rps();
    }
}
