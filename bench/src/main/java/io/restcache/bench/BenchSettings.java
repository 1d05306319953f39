package io.restcache.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run does, from system properties ({@code -Dbench.seconds=3} on the Maven command line).
 *
 * @param measure    how long each scenario is measured ({@code bench.seconds}, default 10)
 * @param warmup     how long each scenario runs, unmeasured, right before ({@code bench.warmup}, default 5)
 * @param connections closed-loop virtual users, one keep-alive connection each ({@code bench.connections}, 32)
 * @param sizes      payload sizes ({@code bench.sizes}, default {@code 2k,20k})
 * @param scenarios  only these scenario ids ({@code bench.scenarios}, comma-separated; default all)
 * @param gzip       send {@code Accept-Encoding: gzip} ({@code bench.gzip}, default false)
 * @param rounds     measure everything this many times and report the median round ({@code bench.rounds}, 5)
 * @param jitPasses  unmeasured passes over every scenario before the first measurement ({@code bench.jitPasses}, 2)
 * @param payaraJvmOptions JVM options of the Payara Micro process ({@code bench.payaraJvmOptions})
 */
record BenchSettings(Path payaraJar, Path war, Path workDir, Path output, Duration measure, Duration warmup,
        int connections, List<String> sizes, Set<String> scenarios, boolean gzip, int rounds, int jitPasses,
        List<String> payaraJvmOptions) {

    static final String COMMAND = "mvn -B -Pbench -DskipTests -pl bench -am verify";

    static BenchSettings fromSystemProperties() {
        Path target = Path.of("bench", "target");
        if (!Files.isDirectory(target)) {
            target = Path.of("target");
        }
        Path workDir = Path.of(prop("bench.workDir", target.resolve("bench-run").toString())).toAbsolutePath();
        BenchSettings s = new BenchSettings(
                existing("bench.payaraJar", target.resolve("payara-micro.jar")),
                existing("bench.war", target.resolve("restcache-bench.war")),
                workDir,
                Path.of(prop("bench.output", target.resolve("BENCHMARKS-latest.md").toString())).toAbsolutePath(),
                Duration.ofMillis(Math.round(1000 * Double.parseDouble(prop("bench.seconds", "10")))),
                Duration.ofMillis(Math.round(1000 * Double.parseDouble(prop("bench.warmup", "5")))),
                Integer.parseInt(prop("bench.connections", "32")),
                list(prop("bench.sizes", "2k,20k")),
                new LinkedHashSet<>(list(prop("bench.scenarios", ""))),
                Boolean.parseBoolean(prop("bench.gzip", "false")),
                Integer.parseInt(prop("bench.rounds", "5")),
                Integer.parseInt(prop("bench.jitPasses", "2")),
                list(prop("bench.payaraJvmOptions", "-Xms1g -Xmx1g"), "\\s+"));
        if (s.measure.isNegative() || s.measure.isZero() || s.warmup.isNegative() || s.connections < 1 || s.rounds < 1
                || s.jitPasses < 0 || s.sizes.isEmpty()) {
            throw new IllegalArgumentException("bench.seconds must be > 0, bench.warmup >= 0, bench.connections >= 1,"
                    + " bench.rounds >= 1 and bench.sizes not empty: " + s);
        }
        return s;
    }

    boolean includes(String scenarioId) {
        return scenarios.isEmpty() || scenarios.contains(scenarioId);
    }

    private static String prop(String key, String fallback) {
        String v = System.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static List<String> list(String value) {
        return list(value, ",");
    }

    private static List<String> list(String value, String separator) {
        return Arrays.stream(value.split(separator)).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private static Path existing(String key, Path fallback) {
        Path p = Path.of(prop(key, fallback.toString())).toAbsolutePath();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " does not exist (" + key + "); run from the repository root: " + COMMAND);
        }
        return p;
    }
}
