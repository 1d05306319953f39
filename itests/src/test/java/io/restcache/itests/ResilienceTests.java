package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.app.CachedResource;
import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.PrometheusScrape;
import io.restcache.itests.support.RedisCommands;
import io.restcache.internal.key.Authority;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.key.KeyRequest;
import io.restcache.internal.key.KeySpec;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Redis faults never hurt a request: a Redis topology the test owns (each subclass brings its own: one
 * server, a 3-master cluster, a Sentinel setup) is corrupted, flushed, filled to maxmemory, paused and
 * killed under load — on every primary at once where the fault is server-wide. Every request must be
 * answered 200 by the method or the cache, within the method's time plus the Redis budget; latencies are
 * printed, not asserted; hits must return after recovery without a restart. The near cache is off here so
 * that every request meets Redis.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ResilienceTests {

    @ArquillianResource
    URL base;

    private Http http;

    /** The topology the deployment uses. */
    abstract RedisCommands redis();

    /** The deployment's key prefix. */
    abstract String prefix();

    /**
     * The topology's own "Redis dies": one server killed and restarted on its port; on a cluster or a
     * Sentinel setup, a primary killed ({@code kill -9}) and a replica promoted, the old one back as a replica.
     */
    abstract void killAndRecover();

    /** The WAR under test: restcache's settings for these faults, Redis reached through {@code redisConfig}. */
    static WebArchive war(String name, String prefix, Map<String, String> redisConfig) {
        Map<String, String> config = new java.util.HashMap<>(redisConfig);
        config.putAll(Map.of(
                "restcache.redis.budget", "50ms",
                "restcache.redis.reconnect-interval", "500ms",
                "restcache.near-cache.enabled", "false",
                "restcache.admin.enabled", "true",
                "restcache.admin.role", "admin",
                "restcache.key-prefix", prefix));
        return Deployments.war(name, config, TestApplication.class.getPackage());
    }

    @BeforeEach
    void client() {
        http = new Http(base).awaitCacheReady();
    }

    @Test
    @Order(1)
    void corruptEntry_readsAsAMiss_andIsOverwritten() {
        http.get("items/corrupt");
        CacheKey key = new KeyBuilder(prefix()).build(new KeySpec(Set.of(), List.of(), List.of(), false, false).withAuthority(true),
                new KeyRequest(CachedResource.class.getName() + "#item /items/{id}", Map.of("id", List.of("corrupt")),
                        Map.of(), Optional.empty(), Map.of(), Map.of(), Map.of(), Optional.of(origin())), generation());
        assertEquals("1", redis().command("HEXISTS", key.resourceKey(), key.variantField()));
        redis().command("HSET", key.resourceKey(), key.variantField(), "\u0001garbage that is no entry");

        HttpResponse<String> afterCorruption = http.get("items/corrupt");
        assertEquals(200, afterCorruption.statusCode());
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", status(afterCorruption));
        assertTrue(status(http.get("items/corrupt")).contains("hit"), "the corrupt entry was overwritten");
    }

    @Test
    @Order(2)
    void flushAllInTheMiddle_missesThenHitsAgain() {
        http.get("items/flushed");
        redis().onEveryPrimary("FLUSHALL");
        // until the node has read the recreated control state (at most a second), its stores into the
        // lost generation are refused and say so (detail=fenced); then it caches again by itself
        String first = status(http.get("items/flushed"));
        assertTrue(first.startsWith("restcache; fwd=miss; fwd-status=200;"), first);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(1500))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> status(http.get("items/flushed")).equals("restcache; fwd=miss; fwd-status=200; stored")
                        || status(http.get("items/flushed")).contains("hit"));
        assertTrue(status(http.get("items/flushed")).contains("hit"));
    }

    /**
     * Issue 18, defect 1: after the data loss, the node must notice, adopt the recreated control state, and
     * go on invalidating what it stores from then on — by tag, by user (with the new secret) and
     * everything at once (on 91bb417 the node stayed on the generation it had seen before the loss, so
     * invalidateAll moved the recreated counter to a value the node ignored).
     */
    @Test
    @Order(2)
    void afterFlushAll_theNodeAdoptsTheNewControlState_andEveryPurgeKindStillWorks() {
        long before = generation();
        http.get("profiles/lost");
        redis().onEveryPrimary("FLUSHALL");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                .pollInterval(java.time.Duration.ofMillis(50)).until(() -> generation() > 0);
        assertTrue(generation() != before, "the control state was recreated with a new generation");

        fillThenHit("profiles/lost");
        http.send("POST", "control/tags?tag=user:lost");
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", status(http.get("profiles/lost")), "a tag purge after the loss");

        fillThenHit("me", "Authorization", "Bearer lost-user");
        http.send("POST", "control/user?name=lost-user");
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", status(http.get("me", "Authorization", "Bearer lost-user")),
                "a user purge after the loss, with the secret the fleet shares now");

        fillThenHit("items/after-loss");
        http.send("POST", "control/all");
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", status(http.get("items/after-loss")),
                "invalidateAll after the loss");
        assertTrue(status(http.get("items/after-loss")).contains("hit"));
    }

    /**
     * An evicted index (allkeys-lru) cannot be seen in the data: restcache hears Redis's "evicted" event
     * and invalidates everything. The event is published by hand here, as Redis does for an eviction.
     */
    @Test
    @Order(2)
    void anEvictedIndexOfTheCurrentGeneration_invalidatesEverything() {
        fillThenHit("items/evicted-index");
        long before = generation();
        String index = new io.restcache.itests.support.RedisNames(redis(), prefix())
                .indexKey(io.restcache.internal.store.TagRef.path("/items/evicted-index"));
        // the event Redis publishes when it evicts the key (with notify-keyspace-events Ee, which
        // restcache sets itself when it connects to an evicting Redis)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
                    redis().primaries().get(0).command("PUBLISH", "__keyevent@0__:evicted", index);
                    return generation() != before;
                });
        // the node adopts the generation once the bump it made returns, a moment after Redis holds it (seen on
        // WildFly: one hit of the old generation in between); the bound is the fleet's fan-out allowance
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(250))
                .pollInterval(java.time.Duration.ofMillis(10))
                .until(() -> status(http.get("items/evicted-index")).equals("restcache; fwd=miss; fwd-status=200; stored"));
        assertTrue(status(http.get("items/evicted-index")).contains("hit"), "stored again under the new generation");
    }

    private void fillThenHit(String path, String... headers) {
        http.get(path, headers);
        assertTrue(status(http.get(path, headers)).contains("hit"), path + " is cached");
    }

    @Test
    @Order(3)
    void maxmemoryNoEviction_storesFailQuietly_andPurgesStillWork() {
        http.get("profiles/oom");
        assertTrue(status(http.get("profiles/oom")).contains("hit"));
        redis().onEveryPrimary("CONFIG", "SET", "maxmemory-policy", "noeviction");
        redis().onEveryPrimary("CONFIG", "SET", "maxmemory", "1");
        try {
            assertEquals(200, http.send("PUT", "profiles/oom?name=WhileFull").statusCode());
            HttpResponse<String> afterPurge = http.get("profiles/oom");
            assertEquals(200, afterPurge.statusCode());
            assertTrue(afterPurge.body().contains("WhileFull"), "the purge worked although Redis refuses writes: "
                    + afterPurge.body());
            HttpResponse<String> notStored = http.get("profiles/oom");
            assertEquals(200, notStored.statusCode());
            assertTrue(notStored.body().contains("WhileFull"));
        } finally {
            redis().onEveryPrimary("CONFIG", "SET", "maxmemory", "0");
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(http.get("profiles/oom")).contains("hit"));
    }

    @Test
    @Order(0)
    void adminResource_isRoleProtected_servesStats_andPurges() {
        http.get("items/admin-purged");
        assertEquals(403, http.get("restcache/stats").statusCode());
        assertEquals(403, http.get("restcache/stats", "Authorization", "Bearer mallory").statusCode());

        HttpResponse<String> stats = http.get("restcache/stats", "Authorization", "Bearer admin-ann");
        assertEquals(200, stats.statusCode());
        assertTrue(stats.body().contains("\"redis\":\"connected\"") && stats.body().contains("\"breaker\":\"CLOSED\"")
                && stats.body().contains("\"store.ok\":"), stats.body());

        assertEquals(200, http.send("POST", "restcache/purge?path=/items/admin-purged", "Authorization",
                "Bearer admin-ann").statusCode());
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", status(http.get("items/admin-purged")));
    }

    @Test
    @Order(0)
    void readinessCheck_reportsRedisAndTheBreaker_whereTheServerHasMicroProfileHealth() throws Exception {
        // Payara serves it on the application's port; WildFly on its management port (set by the build)
        String endpoint = System.getProperty("restcache.itest.health", base.toURI().resolve("/health").toString());
        java.net.URI health = java.net.URI.create(endpoint + "/ready");
        HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assumptions.assumeTrue(ready.statusCode() != 404,
                "this server has no MicroProfile Health at " + health);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"restcache\"") && ready.body().contains("\"redis\":\"connected\""),
                ready.body());
    }

    @Test
    @Order(0)
    void counters_areExportedAsMicroProfileMetrics_whereTheServerHasThem() throws Exception {
        http.get("items/metered");
        http.get("items/metered");
        java.net.URI metrics = base.toURI().resolve("/metrics?scope=application");
        HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assumptions.assumeTrue(scrape.statusCode() != 404,
                "this server has no MicroProfile Metrics (WildFly offers Micrometer instead: see the Micrometer test)");
        assertEquals(200, scrape.statusCode(), scrape.body());
        assertTrue(scrape.body().contains("restcache_hit_redis") && scrape.body().contains("restcache_store_ok"),
                scrape.body().lines().filter(l -> l.contains("restcache")).toList().toString());
    }

    @Test
    @Order(0)
    void counters_reachMicrometer_whereTheServerExportsThemToPrometheus() {
        String endpoint = System.getProperty("restcache.itest.prometheus");
        org.junit.jupiter.api.Assumptions.assumeTrue(endpoint != null,
                "no Micrometer Prometheus endpoint is configured for this server (restcache.itest.prometheus)");
        PrometheusScrape before = PrometheusScrape.of(endpoint);
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", status(http.get("items/micrometer")));
        assertTrue(status(http.get("items/micrometer")).contains("detail=redis"), "the near cache is off here");

        // the counters are read when scraped; the store is counted just after its Redis write
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            PrometheusScrape after = PrometheusScrape.of(endpoint);
            String seen = after.startingWith("restcache_").toString();
            assertEquals(before.value("restcache_miss_total") + 1, after.value("restcache_miss_total"), seen);
            assertEquals(before.value("restcache_hit_total", "source", "redis") + 1,
                    after.value("restcache_hit_total", "source", "redis"), seen);
            assertEquals(before.value("restcache_hit_total", "source", "near"),
                    after.value("restcache_hit_total", "source", "near"), seen);
            assertEquals(before.value("restcache_store_total", "outcome", "ok") + 1,
                    after.value("restcache_store_total", "outcome", "ok"), seen);
            assertTrue(after.value("restcache_redis_calls_seconds_count") > before.value("restcache_redis_calls_seconds_count"),
                    seen);
            assertEquals(0, after.value("restcache_breaker_state"), seen);
            assertTrue(after.has("restcache_breaker_state"), seen);
        });
    }

    @Test
    @Order(4)
    void redisPausedUnderLoad_requestsStayPrompt_breakerOpens_andHitsReturn() throws Exception {
        List<String> statuses = underLoad("items/paused-", () -> redis().onEveryPrimary("CLIENT", "PAUSE", "2000", "ALL"),
                Duration.ofSeconds(4));
        assertTrue(statuses.stream().anyMatch(s -> s.contains("redis-breaker-open") || s.contains("redis-timeout")),
                "requests skipped the paused Redis: " + new java.util.TreeSet<>(statuses));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(http.get("items/paused-1")).contains("hit"));
    }

    @Test
    @Order(5)
    void redisKilledUnderLoadAndRestarted_noRequestFails_andHitsReturnWithoutARestart() throws Exception {
        underLoad("items/killed-", this::killAndRecover, Duration.ofSeconds(5));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> status(http.get("items/killed-1")).contains("hit"));
    }

    /**
     * Runs 4 client threads over 10 keys for {@code duration}, applies {@code fault} after a second,
     * asserts every answer is a 200, prints the latency distribution and returns the Cache-Status values.
     */
    private List<String> underLoad(String pathPrefix, Runnable fault, Duration duration) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> statuses = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> failures = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            workers.add(clients.submit(() -> {
                int i = thread;
                while (running.get()) {
                    long start = System.nanoTime();
                    HttpResponse<String> r = http.get(pathPrefix + (i++ % 10));
                    latencies.add((System.nanoTime() - start) / 1e6);
                    statuses.add(status(r).replaceAll("ttl=\\d+", "ttl=N"));
                    if (r.statusCode() != 200) {
                        failures.merge(r.statusCode(), 1, Integer::sum);
                    }
                }
            }));
        }
        sleep(1000);
        fault.run();
        sleep(duration.toMillis());
        running.set(false);
        for (Future<?> w : workers) {
            w.get(60, TimeUnit.SECONDS);
        }
        clients.shutdownNow();
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("[resilience] %s: %d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms, non-200: %s, "
                + "Cache-Status seen: %s%n", pathPrefix, sorted.size(), sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.get(sorted.size() - 1), failures,
                new java.util.TreeSet<>(statuses));
        assertTrue(failures.isEmpty(), "requests failed because of Redis: " + failures);
        return statuses;
    }

    private long generation() {
        return new io.restcache.itests.support.RedisNames(redis(), prefix()).generation();
    }

    private static String status(HttpResponse<String> response) {
        return response.headers().firstValue("Cache-Status").orElse("<none>");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The origin the deployment answers under, as keys hold it (restcache.key.authority=include). */
    private String origin() {
        try {
            return Authority.of(base.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
