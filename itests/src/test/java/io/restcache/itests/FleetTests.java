package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.PayaraNode;
import io.restcache.itests.support.RedisCommands;
import io.restcache.itests.support.RedisProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro nodes sharing one Redis topology (each subclass brings its own: one server, a
 * 3-master cluster, a Sentinel setup): node A is Arquillian's, node B a second JVM with the same WAR.
 * Proves near hits cost no Redis read, that a write through A makes B serve fresh data (the fan-out
 * delay itself is measured by the benchmark suite's FanOutBenchmark), and that B, its subscription cut,
 * never serves invalidated data beyond the near cache's maximum age.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FleetTests {

    static final Duration NEAR_MAX_AGE = Duration.ofSeconds(3);

    @ArquillianResource
    URL base;

    private Http a;
    private Http b;

    /** The Redis topology both nodes use. */
    abstract RedisCommands redis();

    /** The second node. */
    abstract PayaraNode nodeB();

    /** The two nodes' WAR and node B, started beside Arquillian's node A. */
    record Fleet(WebArchive war, PayaraNode nodeB) {
    }

    /** Builds the fleet's WAR with {@code redisConfig} (how to reach Redis) and starts node B with it. */
    static Fleet start(String name, Map<String, String> redisConfig) {
        Path sharedState;
        try {
            sharedState = Files.createTempDirectory("fleet-state");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new java.util.HashMap<>(redisConfig);
        config.putAll(Map.of(
                "itests.shared-state-dir", sharedState.toString(),
                "restcache.node-name", "node-a",
                // the two nodes are reached on their own ports (localhost:A, localhost:B), where a real fleet
                // sits behind one public host name: keys must not differ by the port the test happened to use
                "restcache.key.authority", "ignore",
                "restcache.near-cache.max-age", NEAR_MAX_AGE.toMillis() + "ms"));
        WebArchive war = Deployments.war(name, config, TestApplication.class.getPackage());
        return new Fleet(war, PayaraNode.start(war, name, Map.of("restcache.node-name", "node-b")));  // boots beside node A
    }

    @BeforeEach
    void clients() {
        a = new Http(base).awaitCacheReady();
        b = new Http(nodeB().awaitReady("counters/none", Duration.ofMinutes(4)).url()).awaitCacheReady();
    }

    @Test
    @Order(1)
    void nearHit_isAnsweredFromMemory_withoutReadingRedis() {
        b.get("profiles/near1");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))   // the node subscribes in the background
                .until(() -> status(b.get("profiles/near1")).endsWith("detail=near"));
        List<RedisProcess.Monitor> monitors = redis().servers().stream().map(RedisProcess::monitor).toList();
        long entryReads;
        try {
            for (int i = 0; i < 20; i++) {
                assertTrue(status(b.get("profiles/near1")).endsWith("detail=near"));
            }
            b.get("profiles/near1-control");     // a miss, then a Redis read: proves the monitors see entry reads
        } finally {
            monitors.forEach(RedisProcess.Monitor::close);
        }
        // a read of an entry is an HGET (alone or in the fill-start script) of a resource hash (":r:{")
        entryReads = monitors.stream().mapToLong(m -> m.count("\"HGET\"", ":r:{")).sum();
        assertEquals(2, entryReads, "the control request's lookup and its fill start read Redis; the 20 near hits did not");
    }

    @Test
    @Order(2)
    void writeThroughNodeA_makesNodeBServeFreshData() {
        // a functional check over a few trials; the fan-out delay itself is measured by the benchmark suite
        List<Double> delaysMillis = new ArrayList<>();
        int freshAtFirstRequest = 0;
        for (int trial = 0; trial < 20; trial++) {
            String id = "fan" + (trial % 10);
            b.get("profiles/" + id);
            HttpResponse<String> before = b.get("profiles/" + id);
            assertTrue(status(before).endsWith("detail=near"), "node B answered from its near cache: " + status(before));

            String name = "v" + trial;
            assertEquals(200, a.send("PUT", "profiles/" + id + "?name=" + name).statusCode());
            long written = System.nanoTime();
            // the bound checked is the fan-out's, well under the near cache's maximum age (3 s), so a
            // broken fan-out fails here instead of being rescued by expiry
            long deadline = written + Duration.ofSeconds(1).toNanos();
            int requests = 1;
            while (!b.get("profiles/" + id).body().contains("\"" + name + "\"")) {
                assertTrue(System.nanoTime() < deadline, "node B never served " + name);
                requests++;
            }
            delaysMillis.add((System.nanoTime() - written) / 1e6);
            if (requests == 1) {
                freshAtFirstRequest++;
            }
        }
        Collections.sort(delaysMillis);
        // each delay includes node B's recomputation of the dropped entry (a miss), so it is an upper bound;
        // a first request that is already fresh means the drop had reached B before B read the request
        System.out.printf("[fleet] write on node A -> fresh on node B over %d trials: p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                + " fresh at the first request after the write in %d trials%n",
                delaysMillis.size(), delaysMillis.get(delaysMillis.size() / 2),
                delaysMillis.get((int) Math.ceil(delaysMillis.size() * 0.99) - 1),
                delaysMillis.get(delaysMillis.size() - 1), freshAtFirstRequest);
    }

    @Test
    @Order(3)
    void cutSubscription_nodeBClearsResubscribes_andNeverServesInvalidatedDataBeyondTheBound() {
        b.get("profiles/cut");
        assertTrue(status(b.get("profiles/cut")).endsWith("detail=near"));

        String killed = killPubSubConnectionOf("node-b");
        assertEquals(200, a.send("PUT", "profiles/cut?name=AfterCut").statusCode());
        long written = System.nanoTime();
        boolean sawStale = false;
        while (!b.get("profiles/cut").body().contains("AfterCut")) {
            sawStale = true;
            // node B stops using its near cache once its own heartbeats stop coming back (under 1 s),
            // well before the near cache's maximum age
            assertTrue(System.nanoTime() - written < Duration.ofMillis(1500).toNanos(),
                    "node B served invalidated data 1.5 s after its subscription was cut");
        }
        System.out.printf("[fleet] subscription %s cut: node B fresh again after %.0f ms (stale answers seen: %s)%n",
                killed, (System.nanoTime() - written) / 1e6, sawStale);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!pubSubConnectionExists("node-b")) {
            assertTrue(System.nanoTime() < deadline, "node B never re-subscribed");
        }
        b.get("profiles/cut2");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> status(b.get("profiles/cut2")).endsWith("detail=near"));
        assertEquals(200, a.send("PUT", "profiles/cut2?name=Resubscribed").statusCode());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> b.get("profiles/cut2").body().contains("Resubscribed"));
    }

    @Test
    @Order(4)
    void coldKey_200ConcurrentRequestsAcrossTwoNodes_runTheMethodOnce() throws Exception {
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(32)).build();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String node = i % 2 == 0 ? base.toExternalForm() : nodeB().base();
            String url = (node.endsWith("/") ? node : node + "/") + "stampede/slow/cold";
            all.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Map<String, Integer> statuses = new java.util.TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\"run\":1"), r.body());
            statuses.merge(status(r).replaceAll("ttl=\\d+", "ttl=N"), 1, Integer::sum);
        }
        System.out.println("[stampede] 200 concurrent requests on one cold key across 2 nodes: " + statuses);
        assertEquals(1, a.count("slow-cold") + b.count("slow-cold"), "the method ran once in the whole fleet");
    }

    @Test
    @Order(5)
    void hotKeyExpiringUnderLoad_staleWhileRevalidate_refreshesOncePerExpiry_withoutALatencySpike() throws Exception {
        a.get("stampede/swr/hot");
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Http client = t % 2 == 0 ? a : b;
            workers.add(load.submit(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    HttpResponse<String> r = client.get("stampede/swr/hot");
                    latencies.add((System.nanoTime() - start) / 1e6);
                    assertEquals(200, r.statusCode());
                    seen.add(status(r).replaceAll("ttl=-?\\d+", "ttl=N"));
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get(60, TimeUnit.SECONDS);
        }
        load.shutdownNow();
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int runs = a.count("swr-hot") + b.count("swr-hot");
        System.out.printf("[stale] %d requests over 4 s on a 1 s TTL with stale-while-revalidate: %d method runs, "
                + "p50 %.2f ms, p99 %.2f ms, max %.2f ms; Cache-Status seen: %s%n", sorted.size(), runs,
                sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1),
                sorted.get(sorted.size() - 1), seen);
        assertTrue(runs <= 4 + 2, "at most one refresh per expiry (plus the first fill): " + runs);
        assertTrue(seen.stream().anyMatch(s -> s.contains("hit; ttl=N; detail=stale-while-revalidate")), seen.toString());
    }

    @Test
    @Order(6)
    void staleIfError_servesTheStaleBodyWhileTheMethodFails_andStopsAfterTheWindow() {
        HttpResponse<String> good = a.get("stampede/sie/flaky");
        assertEquals(200, good.statusCode());
        a.send("POST", "control/fail/flaky?on=true");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(a.get("stampede/sie/flaky")).contains("stale-if-error"));
        HttpResponse<String> stale = a.get("stampede/sie/flaky");
        if (status(stale).contains("stale-if-error")) {
            assertEquals(200, stale.statusCode());
            assertEquals(good.body(), stale.body());
            assertTrue(status(stale).matches("restcache; fwd=stale; fwd-status=5\\d\\d; ttl=-\\d+; detail=stale-if-error"), status(stale));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> a.get("stampede/sie/flaky").statusCode() == 503);
        a.send("POST", "control/fail/flaky?on=false");
    }

    private static String status(HttpResponse<String> response) {
        return response.headers().firstValue("Cache-Status").orElse("<none>");
    }

    /** Kills one node's pub/sub connection by its client name (CLIENT KILL TYPE pubsub would cut every node). */
    private String killPubSubConnectionOf(String node) {
        for (RedisProcess server : redis().servers()) {
            List<String> ids = pubSubConnections(server, node);
            if (!ids.isEmpty()) {
                server.command("CLIENT", "KILL", "ID", ids.get(0));
                assertFalse(pubSubConnections(server, node).contains(ids.get(0)));
                return server.port() + "/" + ids.get(0);
            }
        }
        throw new AssertionError("no pub/sub connection of " + node + " on any server of " + redis().servers());
    }

    private boolean pubSubConnectionExists(String node) {
        return redis().servers().stream().anyMatch(server -> !pubSubConnections(server, node).isEmpty());
    }

    private static List<String> pubSubConnections(RedisProcess server, String node) {
        List<String> ids = new ArrayList<>();
        for (String line : server.command("CLIENT", "LIST").split("\n")) {
            List<String> fields = Arrays.asList(line.split(" "));
            if (fields.contains("name=restcache:" + node) && fields.stream().anyMatch(f -> f.matches("sub=[1-9]\\d*"))) {
                ids.add(fields.stream().filter(f -> f.startsWith("id=")).findFirst().orElseThrow().substring(3));
            }
        }
        return ids;
    }
}
