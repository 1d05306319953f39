package io.restcache.samples.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the content API sample: makes sure a Redis answers, starts Payara Micro with the WAR (one node, or
 * a fleet sharing one database and one Redis), and prints what to try once it serves. Ctrl+C stops the
 * nodes and anything else started here.
 *
 * <p>Run by {@code mvn -B -Psample -DskipTests verify} from the repository root, which passes the
 * Payara Micro jar, the WAR, the PostgreSQL driver and a working directory as the system properties
 * {@code sample.payaraJar}, {@code sample.war}, {@code sample.postgresqlJar} and {@code sample.workDir}.
 * Settings:
 * <ul>
 *   <li>{@code RESTCACHE_REDIS_ADDRESS} (environment): the Redis, default {@code redis://127.0.0.1:6379};
 *   <li>{@code PORT} (environment) or {@code -Dsample.port}: the HTTP port of node 1, default 8080;
 *       node N listens on that port + N - 1;
 *   <li>{@code -Dsample.nodes}, {@code -Dsample.db.url}, {@code -Dsample.demo}, {@code -Dsample.loadCheck}:
 *       see {@link SampleOptions}.
 * </ul>
 * The nodes run without Hazelcast ({@code --nohazelcast}): restcache's fleet is the shared Redis and its
 * topic, and Payara's own clustering would only add boot time and threads.
 */
public final class SampleLauncher extends ServerLauncher {

    /** How long, once it listens, the application may take to answer: Payara keeps running when a deployment fails. */
    private static final Duration DEPLOY_GRACE = Duration.ofSeconds(90);

    private final Path payaraJar;
    private final Path war;
    private final Path postgresqlJar;

    private SampleLauncher(Path payaraJar, Path war, Path postgresqlJar, Path workDir, int port,
            LocalRedis.Address redis, SampleOptions options) {
        super(workDir, port, redis, options);
        this.payaraJar = payaraJar;
        this.war = war;
        this.postgresqlJar = postgresqlJar;
    }

    public static void main(String[] args) throws Exception {
        Path workDir = Path.of(System.getProperty("sample.workDir", "target")).toAbsolutePath();
        new SampleLauncher(
                existing("sample.payaraJar", workDir.resolve("payara-micro.jar")),
                existing("sample.war", workDir.resolve("content-api.war")),
                Path.of(System.getProperty("sample.postgresqlJar", workDir.resolve("postgresql.jar").toString())),
                workDir,
                basePort(),
                redisFromEnvironment(),
                SampleOptions.fromSystemProperties()).run();
    }

    @Override
    String serverName() {
        return "Payara Micro";
    }

    @Override
    Duration deployGrace() {
        return DEPLOY_GRACE;
    }

    @Override
    Process startServer(Node node, Map<String, String> environment) throws IOException {
        // Payara Micro unpacks itself and the WAR into java.io.tmpdir: keep that inside target/, one per node.
        Path tmp = Files.createDirectories(workDir.resolve("payara-tmp").resolve("node-" + node.number()));
        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                "-Djava.io.tmpdir=" + tmp,
                "-jar", payaraJar.toString(),
                "--deploy", war.toString(),
                "--contextroot", "/",
                "--port", Integer.toString(node.port()),
                "--nohazelcast", // no Payara cluster: restcache's fleet is Redis; and a faster boot
                "--disablephonehome")); // no call home from a demo
        if (database().filter(SharedDatabase::postgres).isPresent()) {
            if (!Files.isRegularFile(postgresqlJar)) {
                throw new IllegalStateException(postgresqlJar + " does not exist (system property sample.postgresqlJar);"
                        + " run from the repository root: mvn -B -Psample -DskipTests verify");
            }
            command.addAll(List.of("--addlibs", postgresqlJar.toString())); // the pool loads the driver from the server
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        if (nodes.size() == 1) {
            builder.inheritIO();
            log("Starting Payara Micro on port " + node.port() + " (boot takes 20-30 s): " + String.join(" ", command));
        } else {
            builder.redirectErrorStream(true).redirectOutput(logFile(node).toFile());
            log("Starting " + label(node) + " on port " + node.port() + " (boot takes 20-60 s), log: " + logFile(node));
        }
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The java that runs this launcher, so Payara Micro gets the same JDK. */
    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static Path existing(String property, Path fallback) {
        Path path = Path.of(System.getProperty(property, fallback.toString())).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " does not exist (system property " + property
                    + "); run from the repository root: mvn -B -Psample -DskipTests verify");
        }
        return path;
    }
}
