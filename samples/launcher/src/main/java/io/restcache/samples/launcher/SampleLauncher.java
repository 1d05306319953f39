package io.restcache.samples.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs the content API sample: makes sure a Redis answers, starts Payara Micro with the WAR, and
 * prints what to try once it serves. Ctrl+C stops Payara Micro and any Redis started here.
 *
 * <p>Run by {@code mvn -B -Psample -DskipTests verify} from the repository root, which passes the
 * Payara Micro jar, the WAR and a working directory as the system properties {@code sample.payaraJar},
 * {@code sample.war} and {@code sample.workDir}. Settings:
 * <ul>
 *   <li>{@code RESTCACHE_REDIS_ADDRESS} (environment): the Redis, default {@code redis://127.0.0.1:6379};
 *   <li>{@code PORT} (environment) or {@code -Dsample.port}: the HTTP port, default 8080.
 * </ul>
 */
public final class SampleLauncher extends ServerLauncher {

    /** How long, once it listens, the application may take to answer: Payara keeps running when a deployment fails. */
    private static final Duration DEPLOY_GRACE = Duration.ofSeconds(90);

    private final Path payaraJar;
    private final Path war;

    private SampleLauncher(Path payaraJar, Path war, Path workDir, int port, LocalRedis.Address redis) {
        super(workDir, port, redis);
        this.payaraJar = payaraJar;
        this.war = war;
    }

    public static void main(String[] args) throws Exception {
        Path workDir = Path.of(System.getProperty("sample.workDir", "target")).toAbsolutePath();
        new SampleLauncher(
                existing("sample.payaraJar", workDir.resolve("payara-micro.jar")),
                existing("sample.war", workDir.resolve("content-api.war")),
                workDir,
                Integer.parseInt(setting("sample.port", "PORT", "8080")),
                redisFromEnvironment()).run();
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
    Process startServer() throws IOException {
        // Payara Micro unpacks itself and the WAR into java.io.tmpdir: keep that inside target/.
        Path tmp = Files.createDirectories(workDir.resolve("payara-tmp"));
        List<String> command = List.of(javaExecutable(),
                "-Djava.io.tmpdir=" + tmp,
                "-jar", payaraJar.toString(),
                "--deploy", war.toString(),
                "--contextroot", "/",
                "--port", Integer.toString(port),
                "--nohazelcast", // one node: no cluster to discover, and a faster boot
                "--disablephonehome"); // no call home from a demo
        log("Starting Payara Micro on port " + port + " (boot takes 20-30 s): " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).inheritIO();
        builder.environment().put("RESTCACHE_REDIS_ADDRESS", redis.uri());
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
