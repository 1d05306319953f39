package io.restcache.samples.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the content API sample on WildFly: makes sure a Redis answers (as {@link SampleLauncher} does
 * for Payara Micro), puts the WAR into an unpacked WildFly's deployments folder and runs WildFly in the
 * foreground with its default configuration (standalone.xml). Ctrl+C stops WildFly and any Redis
 * started here.
 *
 * <p>Run by {@code mvn -B -Psample-wildfly -DskipTests verify} from the repository root, which unpacks
 * WildFly and passes its folder, the WAR and a working directory as the system properties
 * {@code sample.wildflyHome}, {@code sample.war} and {@code sample.workDir}. Settings:
 * <ul>
 *   <li>{@code RESTCACHE_REDIS_ADDRESS} (environment): the Redis, default {@code redis://127.0.0.1:6379};
 *   <li>{@code PORT} (environment) or {@code -Dsample.port}: the HTTP port, default 8080 (WildFly's
 *       other ports keep their defaults: management 9990, HTTPS 8443).
 * </ul>
 */
public final class WildFlySampleLauncher extends ServerLauncher {

    private static final String DEPLOYMENT = "content-api.war";

    private final Path home;
    private final Path war;

    private WildFlySampleLauncher(Path home, Path war, Path workDir, int port, LocalRedis.Address redis,
            SampleOptions options) {
        super(workDir, port, redis, options);
        this.home = home;
        this.war = war;
    }

    public static void main(String[] args) throws Exception {
        Path workDir = Path.of(System.getProperty("sample.workDir", "target")).toAbsolutePath();
        Path home = Path.of(required("sample.wildflyHome")).toAbsolutePath();
        if (!Files.isDirectory(home.resolve("standalone/deployments"))) {
            throw new IllegalStateException(home + " is not an unpacked WildFly (system property sample.wildflyHome);"
                    + " run from the repository root: mvn -B -Psample-wildfly -DskipTests verify");
        }
        Path war = Path.of(required("sample.war")).toAbsolutePath();
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(war + " does not exist (system property sample.war)");
        }
        new WildFlySampleLauncher(home, war, workDir, basePort(),
                redisFromEnvironment(), SampleOptions.fromSystemProperties()).run();
    }

    @Override
    String serverName() {
        return "WildFly";
    }

    /**
     * One WildFly, on its default datasource: several nodes would need a port offset for every WildFly
     * port and a shared datasource in standalone.xml; the fleet runs on Payara Micro (-Psample).
     */
    @Override
    void checkOptions() {
        if (options.nodes() != 1) {
            throw new IllegalArgumentException("sample.nodes=" + options.nodes() + " runs on Payara Micro only"
                    + " (mvn -B -Psample -DskipTests verify -Dsample.nodes=...); the WildFly sample runs one node");
        }
        if (options.databaseUrl().isPresent()) {
            throw new IllegalArgumentException("sample.db.url is for the Payara Micro sample; on WildFly the sample uses"
                    + " WildFly's default datasource, was '" + options.databaseUrl().get() + "'");
        }
    }

    /** The deployment scanner deploys what is in standalone/deployments at boot; clear an earlier run's markers. */
    @Override
    void prepare() throws IOException {
        Path deployments = home.resolve("standalone/deployments");
        try (Stream<Path> old = Files.list(deployments)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith(DEPLOYMENT)).toList()) {
                Files.delete(p);
            }
        }
        Files.copy(war, deployments.resolve(DEPLOYMENT), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    Process startServer(Node node, Map<String, String> environment) throws IOException {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        List<String> command = new ArrayList<>();
        if (windows) {
            command.addAll(List.of("cmd", "/c", home.resolve("bin/standalone.bat").toString()));
        } else {
            command.add(home.resolve("bin/standalone.sh").toString());
        }
        command.add("-Djboss.http.port=" + port);
        log("Starting WildFly on port " + port + " (boot and deployment take 15-45 s): " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).inheritIO();
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        // standalone.sh then forwards SIGTERM to the server JVM instead of leaving it running
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        return builder.start();
    }

    /** WildFly marks a failed deployment with a file next to it. */
    @Override
    Optional<String> deploymentFailure() {
        Path failed = home.resolve("standalone/deployments/" + DEPLOYMENT + ".failed");
        return Files.exists(failed) ? Optional.of("WildFly could not deploy the sample; see its output above and "
                + failed) : Optional.empty();
    }

    /** The script and the server JVM it started, should the script not have passed the signal on. */
    @Override
    void stopServer(Process wildfly) {
        List<ProcessHandle> tree = wildfly.descendants().toList();
        LocalRedis.stop(wildfly);
        for (ProcessHandle child : tree) {
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    child.destroyForcibly();
                }
            }
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run from the repository"
                    + " root: mvn -B -Psample-wildfly -DskipTests verify");
        }
        return value;
    }
}
