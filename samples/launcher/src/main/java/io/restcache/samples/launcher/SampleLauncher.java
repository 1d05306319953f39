package io.restcache.samples.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
public final class SampleLauncher {

    private static final String DEFAULT_REDIS = "redis://127.0.0.1:6379";
    /** How long Payara Micro may take to listen at all: a cold boot on a small machine is slow. */
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);
    /** How long, once it listens, the application may take to answer. */
    private static final Duration DEPLOY_GRACE = Duration.ofSeconds(90);

    private final Path payaraJar;
    private final Path war;
    private final Path workDir;
    private final int port;
    private final LocalRedis.Address redis;

    private LocalRedis.Started startedRedis;
    private Process payara;
    private volatile boolean stopping;

    private SampleLauncher(Path payaraJar, Path war, Path workDir, int port, LocalRedis.Address redis) {
        this.payaraJar = payaraJar;
        this.war = war;
        this.workDir = workDir;
        this.port = port;
        this.redis = redis;
    }

    public static void main(String[] args) throws Exception {
        Path workDir = Path.of(System.getProperty("sample.workDir", "target")).toAbsolutePath();
        SampleLauncher launcher = new SampleLauncher(
                existing("sample.payaraJar", workDir.resolve("payara-micro.jar")),
                existing("sample.war", workDir.resolve("content-api.war")),
                workDir,
                Integer.parseInt(setting("sample.port", "PORT", "8080")),
                LocalRedis.Address.parse(Optional.ofNullable(System.getenv("RESTCACHE_REDIS_ADDRESS"))
                        .filter(s -> !s.isBlank()).orElse(DEFAULT_REDIS)));
        launcher.run();
    }

    private void run() throws Exception {
        // Ctrl+C ends the JVM (Maven's, under exec:java) through its shutdown hooks: stop what we started.
        Thread hook = new Thread(this::stopAll, "sample-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            requireFreePort();
            ensureRedis();
            payara = startPayara();
            if (awaitServing()) {
                printBanner();
            }
            int exit = payara.waitFor();
            // 130 and 143: Payara was told to stop (Ctrl+C reaches the whole process group).
            if (exit != 0 && exit != 130 && exit != 143 && !stopping) {
                throw new IllegalStateException("Payara Micro exited with status " + exit + "; its output is above");
            }
            log("Payara Micro stopped (exit status " + exit + ")");
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
        Optional<String> reply = LocalRedis.ping(redis.host(), redis.port());
        if (reply.isPresent()) {
            String what = reply.get().equals("+PONG") ? "answers PING" : "answers \"" + reply.get() + "\"";
            log("Redis: using the one already running at " + redis.uri() + " (" + what + ")");
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

    /** Payara Micro would fail later and less clearly on a busy port. */
    private void requireFreePort() throws IOException {
        try {
            new ServerSocket(port).close(); // binds on all interfaces, as Payara Micro will
        } catch (IOException e) {
            throw new IOException("Port " + port + " is in use; choose another with PORT=... or -Dsample.port=...", e);
        }
    }

    private Process startPayara() throws IOException {
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

    /**
     * Polls an uncached endpoint, so that the first request a reader sends to a cached one is a miss.
     * Payara Micro keeps running when the deployment fails, so a server that answers but never with
     * 200 is given up on after a while.
     */
    private boolean awaitServing() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI probe = URI.create(baseUrl() + "/api/users");
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (payara.isAlive() && System.nanoTime() < deadline) {
            try {
                int status = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    warmUp(http);
                    return true;
                }
                deadline = Math.min(deadline, System.nanoTime() + DEPLOY_GRACE.toNanos());
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        if (payara.isAlive()) {
            log("WARNING: " + probe + " did not answer 200 in time; did the deployment fail? See Payara's output above");
        }
        return false;
    }

    /**
     * The first cached requests after a boot pay for Redis connections and a cold JIT, and may exceed
     * restcache's lookup budget (then they pass through uncached). Spend that on an endpoint that the
     * banner does not show, so that the reader's first request is a plain miss.
     */
    private void warmUp(HttpClient http) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/users/5/posts"))
                .timeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 3; i++) {
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                return; // only a warm-up
            }
        }
    }

    private void printBanner() {
        String api = baseUrl() + "/api";
        String redisLine = startedRedis == null ? redis.uri() : redis.uri() + " (started by this launcher)";
        System.out.println(String.join(System.lineSeparator(),
                "",
                "======================================================================",
                " content-api is serving at " + api,
                " Redis: " + redisLine,
                "",
                " Run this twice and compare the Cache-Status header:",
                "   curl -i " + api + "/users/1",
                "     first:  Cache-Status: restcache; fwd=miss; stored",
                "     second: Cache-Status: restcache; hit; ttl=59   (seconds of freshness left)",
                " A post with its comments:",
                "   curl -i " + api + "/posts/1",
                " Alice's feed, cached per user:",
                "   curl -i -H 'Authorization: Bearer alice' " + api + "/feed",
                " Rename Alice, which drops every response tagged user:1:",
                "   curl -i -X PUT -H 'Authorization: Bearer alice' -H 'Content-Type: application/json' \\",
                "        -d '{\"displayName\":\"Alice M.\"}' " + api + "/users/1",
                " Write a post, which drops every cached list of posts:",
                "   curl -i -X POST -H 'Authorization: Bearer bob' -H 'Content-Type: application/json' \\",
                "        -d '{\"title\":\"Hello\",\"body\":\"First post from the terminal.\"}' " + api + "/posts",
                "",
                " Ctrl+C stops Payara Micro" + (startedRedis == null ? "." : " and the Redis started here."),
                "======================================================================",
                ""));
    }

    /** Idempotent: the shutdown hook and the normal end may both call it. */
    private synchronized void stopAll() {
        stopping = true;
        if (payara != null && payara.isAlive()) {
            log("Stopping Payara Micro (pid " + payara.pid() + ")");
            LocalRedis.stop(payara);
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

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static void log(String message) {
        System.out.println("[launcher] " + message);
    }
}
