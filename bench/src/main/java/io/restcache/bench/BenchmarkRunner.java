package io.restcache.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The benchmark, end to end: starts its own Redis and a Payara Micro with the bench WAR (both on free
 * loopback ports), runs every {@link Section}, prints the report as Markdown and writes it to
 * {@code bench/target/BENCHMARKS-latest.md}, then stops both servers (also on failure and on Ctrl-C).
 *
 * <p>From the repository root: {@code mvn -B -Pbench -DskipTests -pl bench -am verify}; settings in
 * {@link BenchSettings} ({@code -Dbench.seconds=3 -Dbench.warmup=2} for a quick run).
 */
public final class BenchmarkRunner {

    private final BenchSettings settings;
    private LocalRedis redis;
    private PayaraServer payara;

    private BenchmarkRunner(BenchSettings settings) {
        this.settings = settings;
    }

    /** The report's sections, in order. A new kind of measurement is a new entry here. */
    static List<Section> sections(BenchSettings settings) {
        return List.of(
                new ThroughputSection(Scenarios.all().stream().filter(s -> settings.includes(s.id())).toList()),
                new MemorySection(),
                new ServerWarningsSection());
    }

    public static void main(String[] args) throws Exception {
        new BenchmarkRunner(BenchSettings.fromSystemProperties()).run();
    }

    private void run() throws Exception {
        Files.createDirectories(settings.workDir());
        Thread hook = new Thread(this::stopAll, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String startedAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        String loadBefore = loadAverage();
        try {
            List<Scenario> measured = Scenarios.all().stream()
                    .filter(s -> s.unavailable().isEmpty() && settings.includes(s.id())).toList();
            long estimate = settings.sizes().size() * measured.size() * (settings.jitPasses() * settings.warmup().toSeconds()
                    + settings.rounds() * (settings.warmup().toSeconds() + settings.measure().toSeconds() + 1));
            BenchContext.log("about " + (estimate / 60 + 1) + " min of load after Payara Micro boots (~20-40 s); "
                    + settings.connections() + " connections, " + settings.warmup().toSeconds() + " s warm-up + "
                    + settings.measure().toSeconds() + " s per scenario and size");

            redis = LocalRedis.start(settings.workDir());
            BenchContext.log("Redis: " + redis.description());
            payara = PayaraServer.start(settings, redis.uri());
            BenchContext.log("Payara Micro: pid " + payara.process().pid() + ", port " + payara.port() + ", log "
                    + payara.log());
            long bootStart = System.nanoTime();
            payara.awaitReady();
            BenchContext.log(String.format(Locale.ROOT, "serving after %.1f s", (System.nanoTime() - bootStart) / 1e9));

            BenchContext context = new BenchContext(settings, payara, redis);
            List<Section> sections = sections(settings);
            Map<Section, String> bodies = new HashMap<>();
            List<Section> runOrder = new ArrayList<>(sections);
            runOrder.sort(Comparator.comparing(sec -> !sec.runsBeforeLoad()));   // stable: quiet ones first
            for (Section section : runOrder) {
                BenchContext.log("section: " + section.title());
                bodies.put(section, section.run(context));
            }
            String report = report(startedAt, loadBefore, sections, bodies);
            Files.createDirectories(settings.output().getParent());
            Files.writeString(settings.output(), report, StandardCharsets.UTF_8);
            System.out.println();
            System.out.println(report);
            BenchContext.log("written to " + settings.output());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook stops everything
            }
            stopAll();
        }
    }

    private String report(String startedAt, String loadBefore, List<Section> sections, Map<Section, String> bodies) {
        StringBuilder r = new StringBuilder();
        r.append("# restcache benchmark\n\n");
        r.append("| | |\n|---|---|\n");
        r.append("| date | ").append(startedAt).append(" |\n");
        r.append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
                .append(cpuModel()).append(" |\n");
        r.append("| load average (1, 5, 15 min) | before: ").append(loadBefore).append("; after: ").append(loadAverage())
                .append(" |\n");
        r.append("| Java | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" |\n");
        r.append("| server | Payara Micro (").append(settings.payaraJar().getFileName()).append("), `--nohazelcast`, JVM `")
                .append(String.join(" ", settings.payaraJvmOptions())).append("` |\n");
        r.append("| Redis | ").append(redisVersion()).append(", own instance on loopback |\n");
        r.append("| load | closed loop, ").append(settings.connections()).append(" keep-alive connections, ")
                .append(settings.jitPasses()).append(" unmeasured pass(es) over every scenario first, then ")
                .append(settings.warmup().toSeconds()).append(" s warm-up + ").append(settings.measure().toSeconds())
                .append(" s measured per scenario and size, ").append(settings.rounds()).append(" round(s)")
                .append(settings.rounds() > 1 ? " (median round shown)" : "")
                .append(settings.gzip() ? ", `Accept-Encoding: gzip`" : "").append("; on the same machine as the servers |\n");
        r.append("| command | `").append(BenchSettings.COMMAND).append("` |\n\n");
        for (int i = 0; i < sections.size(); i++) {
            r.append("## ").append(sections.get(i).title()).append("\n\n").append(bodies.get(sections.get(i))).append('\n');
        }
        return r.toString();
    }

    private String redisVersion() {
        try (Resp r = redis.connect()) {
            for (String line : String.valueOf(r.call("INFO", "server")).split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    return "Redis " + line.substring("redis_version:".length()).trim();
                }
            }
        } catch (IOException e) {
            // below
        }
        return "Redis (version unknown)";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** Idempotent: the shutdown hook and the normal end may both call it. */
    private synchronized void stopAll() {
        if (payara != null) {
            BenchContext.log("stopping Payara Micro (pid " + payara.process().pid() + ")");
            payara.close();
            payara = null;
        }
        if (redis != null) {
            BenchContext.log("stopping " + redis.description());
            redis.close();
            redis = null;
        }
    }
}
