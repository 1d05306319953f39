package io.restcache.samples.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What running the sample on any server takes: make sure a Redis answers (starting one on this machine
 * if none does), choose the database the nodes share, start the server nodes, wait until the
 * application serves on each, print what to try (or run the demo, or the load check), and stop
 * everything it started on Ctrl+C. {@link SampleLauncher} (Payara Micro) and
 * {@link WildFlySampleLauncher} say how to start their server.
 *
 * <p>Node 1 starts alone and seeds the database; the others start once it serves, told not to seed
 * ({@code SAMPLE_DB_SEED=false}), so no node ever finds the schema half made or the data missing.
 */
abstract class ServerLauncher {

    static final String DEFAULT_REDIS = "redis://127.0.0.1:6379";
    /** How long the server may take to boot and deploy: a cold start on a small machine is slow. */
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);

    /** One server process of the fleet: number 1 is the first, on the base port. */
    record Node(int number, int port) {
        URI api() {
            return URI.create("http://localhost:" + port + "/api");
        }
    }

    final Path workDir;
    final int port;
    final LocalRedis.Address redis;
    final SampleOptions options;
    final List<Node> nodes = new ArrayList<>();

    private final Map<Node, Process> servers = new LinkedHashMap<>();
    private LocalRedis.Started startedRedis;
    private SharedDatabase database;
    private volatile boolean stopping;

    ServerLauncher(Path workDir, int port, LocalRedis.Address redis, SampleOptions options) {
        this.workDir = workDir;
        this.port = port;
        this.redis = redis;
        this.options = options;
        for (int i = 0; i < options.nodes(); i++) {
            nodes.add(new Node(i + 1, port + i));
        }
    }

    /** The server's name in messages. */
    abstract String serverName();

    /**
     * Starts one node as a child process with these extra environment variables (Redis, database, node
     * name); its output goes to this console when it is the only node, else to its own log file.
     */
    abstract Process startServer(Node node, Map<String, String> environment) throws IOException;

    /** Refuses settings this server cannot honour, naming them; nothing by default. */
    void checkOptions() {
    }

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

    /** The database the nodes share, or empty when each keeps the WAR's default. */
    final Optional<SharedDatabase> database() {
        return Optional.ofNullable(database);
    }

    /** Where a node's output goes when several run: one file each, so that their logs stay readable. */
    final Path logFile(Node node) {
        return workDir.resolve("node-" + node.number() + ".log");
    }

    /** The Redis address from {@code RESTCACHE_REDIS_ADDRESS}, or the default. */
    static LocalRedis.Address redisFromEnvironment() {
        return LocalRedis.Address.parse(Optional.ofNullable(System.getenv("RESTCACHE_REDIS_ADDRESS"))
                .filter(s -> !s.isBlank()).orElse(DEFAULT_REDIS));
    }

    /** Node 1's HTTP port from {@code -Dsample.port} or {@code PORT}, default 8080. */
    static int basePort() {
        String value = setting("sample.port", "PORT", "8080");
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535 - SampleOptions.MAX_NODES) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("sample.port (or PORT) must be a port from 1 to " + (65535 - SampleOptions.MAX_NODES)
                + ", was '" + value + "'");
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
        checkOptions();
        // Ctrl+C ends the JVM (Maven's, under exec:java) through its shutdown hooks: stop what we started.
        Thread hook = new Thread(this::stopAll, "sample-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            requireFreePorts();
            ensureRedis();
            database = SharedDatabase.choose(options.databaseUrl(), nodes.size()).orElse(null);
            if (database != null) {
                log("Database: " + database.description() + "; node 1 creates the schema and seeds it");
            }
            prepare();
            boolean serving = start(nodes.get(0)) && startOthers();
            if (serving) {
                printBanner();
                if (options.demo()) {
                    new FleetDemo(nodes).run();
                }
                if (options.loadCheckSeconds() > 0) {
                    LoadCheck.Result result = new LoadCheck(nodes, Duration.ofSeconds(options.loadCheckSeconds())).run();
                    stopAll();
                    if (!result.passed()) {
                        throw new IllegalStateException("Load check failed: " + result.verdict());
                    }
                    log("Load check passed: " + result.verdict());
                    return;
                }
            } else if (options.loadCheckSeconds() > 0) {
                throw new IllegalStateException("Load check not run: the sample did not serve on every node");
            }
            awaitFirstExit();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is stopping everything
            }
            stopAll();
        }
    }

    /** Starts a node with its environment and waits until it serves. */
    private boolean start(Node node) throws IOException, InterruptedException {
        servers.put(node, startServer(node, environment(node)));
        return awaitServing(node);
    }

    /** The other nodes boot side by side once node 1 serves (and has seeded the database). */
    private boolean startOthers() throws IOException, InterruptedException {
        for (Node node : nodes.subList(1, nodes.size())) {
            servers.put(node, startServer(node, environment(node)));
        }
        boolean all = true;
        for (Node node : nodes.subList(1, nodes.size())) {
            all &= awaitServing(node);
        }
        return all;
    }

    private Map<String, String> environment(Node node) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RESTCACHE_REDIS_ADDRESS", redis.uri());
        if (nodes.size() > 1) {
            env.put("RESTCACHE_NODE_NAME", "node-" + node.number()); // in restcache's log lines and Redis client names
        }
        if (database != null) {
            env.put("SAMPLE_DB_URL", database.url());
            env.put("SAMPLE_DB_DATASOURCE", database.dataSourceClass());
        }
        env.put("SAMPLE_DB_SEED", Boolean.toString(node.number() == 1));
        return env;
    }

    /** Until one node ends (Ctrl+C reaches them all); a node that dies on its own ends the run with an error. */
    private void awaitFirstExit() {
        CompletableFuture.anyOf(servers.values().stream().map(Process::onExit).toArray(CompletableFuture[]::new)).join();
        for (Map.Entry<Node, Process> server : servers.entrySet()) {
            Process process = server.getValue();
            if (process.isAlive()) {
                continue;
            }
            int exit = process.exitValue();
            // 130 and 143: the server was told to stop (Ctrl+C reaches the whole process group).
            if (exit != 0 && exit != 130 && exit != 143 && !stopping) {
                throw new IllegalStateException(label(server.getKey()) + " exited with status "
                        + exit + "; its output is " + (nodes.size() == 1 ? "above" : "in " + logFile(server.getKey())));
            }
            log(label(server.getKey()) + " stopped (exit status " + exit + ")");
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
    private void requireFreePorts() throws IOException {
        for (Node node : nodes) {
            try {
                new ServerSocket(node.port()).close(); // binds on all interfaces, as the server will
            } catch (IOException e) {
                throw new IOException("Port " + node.port() + " (" + label(node) + ") is in use; choose another base port"
                        + " with PORT=... or -Dsample.port=...", e);
            }
        }
    }

    /**
     * Polls an uncached endpoint, so that the first request a reader sends to a cached one is a miss.
     * Gives up when the server dies, says its deployment failed, or answers but never with 200.
     */
    private boolean awaitServing(Node node) throws InterruptedException {
        Process server = servers.get(node);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI probe = URI.create(node.api() + "/users");
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
                    warmUp(http, node);
                    if (nodes.size() > 1) {
                        log(label(node) + " serves at " + node.api());
                    }
                    return true;
                }
                deadline = Math.min(deadline, System.nanoTime() + deployGrace().toNanos());
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        String output = nodes.size() == 1 ? serverName() + "'s output above" : logFile(node).toString();
        if (server.isAlive()) {
            log("WARNING: " + probe + " did not answer 200 in time; did the deployment fail? See " + output);
        } else {
            log("WARNING: " + label(node) + " exited with status " + server.exitValue() + " before serving; see " + output);
        }
        return false;
    }

    /**
     * The first cached requests after a boot pay for Redis connections and a cold JIT, and may exceed
     * restcache's lookup budget (then they pass through uncached). Spend that on an endpoint that the
     * banner does not show, so that the reader's first request is a plain miss.
     */
    private static void warmUp(HttpClient http, Node node) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.api() + "/users/5/posts"))
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
        System.out.println(nodes.size() == 1 ? oneNodeBanner() : fleetBanner());
    }

    private String oneNodeBanner() {
        String api = nodes.get(0).api().toString();
        return String.join(System.lineSeparator(),
                "",
                "======================================================================",
                " content-api is serving on " + serverName() + " at " + api,
                " Redis: " + redisLine(),
                database == null ? " Database: this node's own in-memory H2" : " Database: " + database.description(),
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
                "");
    }

    private String fleetBanner() {
        List<String> lines = new ArrayList<>(List.of(
                "",
                "======================================================================",
                " content-api is serving on " + nodes.size() + " " + serverName() + " nodes:"));
        for (Node node : nodes) {
            lines.add("   node " + node.number() + ": " + node.api() + "   (log: " + logFile(node) + ")");
        }
        String first = nodes.get(0).api().toString();
        lines.addAll(List.of(
                " One Redis: " + redisLine(),
                " One database: " + database.description(),
                "",
                " Read Alice's profile on every node (node 1 fills Redis, the others hit it):",
                "   for p in " + ports() + "; do curl -s -D - -o /dev/null localhost:$p/api/users/1 | grep -i cache-status; done",
                " Rename her on node 1:",
                "   curl -s -X PUT -H 'Authorization: Bearer alice' -H 'Content-Type: application/json' \\",
                "        -d '{\"displayName\":\"Alice from node 1\"}' " + first + "/users/1",
                " Every node's next read is fresh (the entry was dropped in Redis and in each node's memory):",
                "   for p in " + ports() + "; do curl -si localhost:$p/api/users/1 | grep -iE 'cache-status|displayName'; done",
                " Or let the launcher do it: -Dsample.demo=true",
                "",
                " Ctrl+C stops every node" + (startedRedis == null ? "" : ", the Redis started here")
                        + (database.startedHere() ? " and the database server started here." : "."),
                "======================================================================",
                ""));
        return String.join(System.lineSeparator(), lines);
    }

    private String ports() {
        return String.join(" ", nodes.stream().map(n -> Integer.toString(n.port())).toList());
    }

    private String redisLine() {
        return startedRedis == null ? redis.uri() : redis.uri() + " (started by this launcher)";
    }

    /** Idempotent: the shutdown hook and the normal end may both call it. */
    private synchronized void stopAll() {
        stopping = true;
        for (Map.Entry<Node, Process> server : servers.entrySet()) {
            if (server.getValue().isAlive()) {
                log("Stopping " + label(server.getKey()) + " (pid " + server.getValue().pid() + ")");
                stopServer(server.getValue());
            }
        }
        if (startedRedis != null) {
            log("Stopping " + startedRedis.description());
            startedRedis.close();
            startedRedis = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /** The server's name, and the node's number when there are several. */
    final String label(Node node) {
        return nodes.size() == 1 ? serverName() : serverName() + " node " + node.number();
    }

    static void log(String message) {
        System.out.println("[launcher] " + message);
    }
}
