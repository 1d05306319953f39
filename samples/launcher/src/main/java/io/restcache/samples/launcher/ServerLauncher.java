package io.restcache.samples.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What running the sample on any server takes: make sure a Redis answers (starting one on this machine
 * if none does), start the server in the foreground, wait until the application serves, print what to
 * try, and stop everything it started on Ctrl+C. {@link SampleLauncher} (Payara Micro) and
 * {@link WildFlySampleLauncher} say how to start their server.
 */
abstract class ServerLauncher {

    static final String DEFAULT_REDIS = "redis://127.0.0.1:6379";
    /** How long the server may take to boot and deploy: a cold start on a small machine is slow. */
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);

    final Path workDir;
    final int port;
    final LocalRedis.Address redis;

    private LocalRedis.Started startedRedis;
    private Process server;
    private volatile boolean stopping;

    ServerLauncher(Path workDir, int port, LocalRedis.Address redis) {
        this.workDir = workDir;
        this.port = port;
        this.redis = redis;
    }

    /** The server's name in messages. */
    abstract String serverName();

    /** Starts the server as a child process whose output goes to this console. */
    abstract Process startServer() throws IOException;

    /** Work before the server starts (placing the WAR, ...); nothing by default. */
    void prepare() throws IOException {
    }

    /** A reason to stop waiting for the application, when the server can tell its deployment failed. */
    Optional<String> deploymentFailure() {
        return Optional.empty();
    }

    /** Once the server answers at all, how long the application may take to answer 200. */
    Duration deployGrace() {
        return BOOT_TIMEOUT;
    }

    /** Stops the server process (and whatever it spawned). */
    void stopServer(Process process) {
        LocalRedis.stop(process);
    }

    /** The Redis address from {@code RESTCACHE_REDIS_ADDRESS}, or the default. */
    static LocalRedis.Address redisFromEnvironment() {
        return LocalRedis.Address.parse(Optional.ofNullable(System.getenv("RESTCACHE_REDIS_ADDRESS"))
                .filter(s -> !s.isBlank()).orElse(DEFAULT_REDIS));
    }

    /** A system property, else an environment variable, else the fallback. */
    static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    final void run() throws Exception {
        // Ctrl+C ends the JVM (Maven's, under exec:java) through its shutdown hooks: stop what we started.
        Thread hook = new Thread(this::stopAll, "sample-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            requireFreePort();
            ensureRedis();
            prepare();
            server = startServer();
            if (awaitServing()) {
                printBanner();
            }
            int exit = server.waitFor();
            // 130 and 143: the server was told to stop (Ctrl+C reaches the whole process group).
            if (exit != 0 && exit != 130 && exit != 143 && !stopping) {
                throw new IllegalStateException(serverName() + " exited with status " + exit + "; its output is above");
            }
            log(serverName() + " stopped (exit status " + exit + ")");
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

    /** The server would fail later and less clearly on a busy port. */
    private void requireFreePort() throws IOException {
        try {
            new ServerSocket(port).close(); // binds on all interfaces, as the server will
        } catch (IOException e) {
            throw new IOException("Port " + port + " is in use; choose another with PORT=... or -Dsample.port=...", e);
        }
    }

    /**
     * Polls an uncached endpoint, so that the first request a reader sends to a cached one is a miss.
     * Gives up when the server dies, says its deployment failed, or answers but never with 200.
     */
    private boolean awaitServing() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI probe = URI.create(baseUrl() + "/api/users");
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (server.isAlive() && System.nanoTime() < deadline) {
            Optional<String> failure = deploymentFailure();
            if (failure.isPresent()) {
                log("WARNING: " + failure.get());
                return false;
            }
            try {
                int status = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    warmUp(http);
                    return true;
                }
                deadline = Math.min(deadline, System.nanoTime() + deployGrace().toNanos());
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        if (server.isAlive()) {
            log("WARNING: " + probe + " did not answer 200 in time; did the deployment fail? See "
                    + serverName() + "'s output above");
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
                " content-api is serving on " + serverName() + " at " + api,
                " Redis: " + redisLine,
                "",
                " Run this twice and compare the Cache-Status header:",
                "   curl -i " + api + "/users/1",
                "     first:  Cache-Status: restcache; fwd=miss; fwd-status=200; stored",
                "     second: Cache-Status: restcache; hit; ttl=59; detail=near   (seconds of freshness left)",
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
                " Ctrl+C stops " + serverName() + (startedRedis == null ? "." : " and the Redis started here."),
                "======================================================================",
                ""));
    }

    /** Idempotent: the shutdown hook and the normal end may both call it. */
    private synchronized void stopAll() {
        stopping = true;
        if (server != null && server.isAlive()) {
            log("Stopping " + serverName() + " (pid " + server.pid() + ")");
            stopServer(server);
        }
        if (startedRedis != null) {
            log("Stopping " + startedRedis.description());
            startedRedis.close();
            startedRedis = null;
        }
    }

    final String baseUrl() {
        return "http://localhost:" + port;
    }

    static void log(String message) {
        System.out.println("[launcher] " + message);
    }
}
