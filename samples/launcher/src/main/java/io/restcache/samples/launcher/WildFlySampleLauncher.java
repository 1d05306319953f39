package io.restcache.samples.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
public final class WildFlySampleLauncher {

    private static final String DEFAULT_REDIS = "redis://127.0.0.1:6379";
    private static final String DEPLOYMENT = "content-api.war";
    /** How long WildFly may take to boot and deploy: a cold start on a small machine is slow. */
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);

    private final Path home;
    private final Path war;
    private final Path workDir;
    private final int port;
    private final LocalRedis.Address redis;

    private LocalRedis.Started startedRedis;
    private Process wildfly;
    private volatile boolean stopping;

    private WildFlySampleLauncher(Path home, Path war, Path workDir, int port, LocalRedis.Address redis) {
        this.home = home;
        this.war = war;
        this.workDir = workDir;
        this.port = port;
        this.redis = redis;
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
        String port = Optional.ofNullable(System.getProperty("sample.port")).filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(System.getenv("PORT")).filter(s -> !s.isBlank())).orElse("8080");
        new WildFlySampleLauncher(home, war, workDir, Integer.parseInt(port.trim()),
                LocalRedis.Address.parse(Optional.ofNullable(System.getenv("RESTCACHE_REDIS_ADDRESS"))
                        .filter(s -> !s.isBlank()).orElse(DEFAULT_REDIS))).run();
    }

    private void run() throws Exception {
        Thread hook = new Thread(this::stopAll, "sample-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            requireFreePort();
            ensureRedis();
            deploy();
            wildfly = startWildFly();
            if (awaitServing()) {
                printBanner();
            }
            int exit = wildfly.waitFor();
            // 130 and 143: WildFly was told to stop (Ctrl+C reaches the whole process group).
            if (exit != 0 && exit != 130 && exit != 143 && !stopping) {
                throw new IllegalStateException("WildFly exited with status " + exit + "; its output is above");
            }
            log("WildFly stopped (exit status " + exit + ")");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is stopping everything
            }
            stopAll();
        }
    }

    private void ensureRedis() throws IOException, InterruptedException {
        if (redis.tls()) {
            log("Redis: " + redis.uri() + " (TLS: not probed, used as given)");
            return;
        }
        if (LocalRedis.ping(redis.host(), redis.port()).isPresent()) {
            log("Redis: using the one already running at " + redis.uri());
            return;
        }
        if (!LocalRedis.isLocal(redis.host())) {
            log("WARNING: no Redis answers at " + redis.uri() + " and it is not on this machine, so none is"
                    + " started; restcache will pass requests through uncached until it answers");
            return;
        }
        log("Redis: none answers at " + redis.uri() + "; starting one");
        startedRedis = LocalRedis.start(redis, workDir);
        log("Redis: started " + startedRedis.description() + "; it stops when this launcher stops");
    }

    private void requireFreePort() throws IOException {
        try {
            new ServerSocket(port).close();
        } catch (IOException e) {
            throw new IOException("Port " + port + " is in use; choose another with PORT=... or -Dsample.port=...", e);
        }
    }

    /** The deployment scanner deploys what is in standalone/deployments at boot; clear an earlier run's markers. */
    private void deploy() throws IOException {
        Path deployments = home.resolve("standalone/deployments");
        try (Stream<Path> old = Files.list(deployments)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith(DEPLOYMENT)).toList()) {
                Files.delete(p);
            }
        }
        Files.copy(war, deployments.resolve(DEPLOYMENT), StandardCopyOption.REPLACE_EXISTING);
    }

    private Process startWildFly() throws IOException {
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
        builder.environment().put("RESTCACHE_REDIS_ADDRESS", redis.uri());
        // standalone.sh then forwards SIGTERM to the server JVM instead of leaving it running
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        return builder.start();
    }

    /** Polls an uncached endpoint; gives up early when WildFly marks the deployment failed. */
    private boolean awaitServing() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI probe = URI.create(baseUrl() + "/api/users");
        Path failed = home.resolve("standalone/deployments/" + DEPLOYMENT + ".failed");
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (wildfly.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(failed)) {
                log("WARNING: WildFly could not deploy the sample; see its output above and " + failed);
                return false;
            }
            try {
                int status = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    warmUp(http);
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        if (wildfly.isAlive()) {
            log("WARNING: " + probe + " did not answer 200 in time; see WildFly's output above");
        }
        return false;
    }

    /** The first cached requests pay for Redis connections and a cold JIT: spend that off the banner's paths. */
    private void warmUp(HttpClient http) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/users/5/posts"))
                .timeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 3; i++) {
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                return;
            }
        }
    }

    private void printBanner() {
        String api = baseUrl() + "/api";
        System.out.println(String.join(System.lineSeparator(),
                "",
                "======================================================================",
                " content-api is serving on WildFly at " + api,
                " Redis: " + redis.uri() + (startedRedis == null ? "" : " (started by this launcher)"),
                "",
                " Run this twice and compare the Cache-Status header:",
                "   curl -i " + api + "/users/1",
                " Alice's feed, cached per user:",
                "   curl -i -H 'Authorization: Bearer alice' " + api + "/feed",
                "",
                " Ctrl+C stops WildFly" + (startedRedis == null ? "." : " and the Redis started here."),
                "======================================================================",
                ""));
    }

    /** Idempotent: the shutdown hook and the normal end may both call it. */
    private synchronized void stopAll() {
        stopping = true;
        if (wildfly != null && wildfly.isAlive()) {
            log("Stopping WildFly (pid " + wildfly.pid() + ")");
            List<ProcessHandle> tree = wildfly.descendants().toList();
            LocalRedis.stop(wildfly);
            for (ProcessHandle child : tree) {    // the server JVM, should the script not have passed the signal on
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
        if (startedRedis != null) {
            log("Stopping " + startedRedis.description());
            startedRedis.close();
            startedRedis = null;
        }
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run from the repository"
                    + " root: mvn -B -Psample-wildfly -DskipTests verify");
        }
        return value;
    }

    private static void log(String message) {
        System.out.println("[launcher] " + message);
    }
}
