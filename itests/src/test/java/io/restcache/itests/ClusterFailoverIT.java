package io.restcache.itests;

import static io.restcache.itests.InvalidationTests.assertHit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.RedisCluster;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13's failover reproductions on a real 3-master + 3-replica cluster: a master is killed with
 * {@code kill -9} at the worst moment of a purge or a store, its replica is promoted, and afterwards the cache
 * must serve fresh data. The near cache is off, so every hit comes from Redis and shows what Redis holds.
 * Each test restarts the node it killed, so the cluster is healthy again for the next one.
 */
@ExtendWith(ArquillianExtension.class)
class ClusterFailoverIT {

    private static final String PREFIX = "fo:";
    /** A failover with cluster-node-timeout 1 s took 1.4-2.5 s here; the bound leaves room for a slow CI box. */
    private static final Duration FAILOVER = Duration.ofSeconds(20);
    /**
     * After the promotion, a failed invalidation's next retry comes within 5 s (its backoff caps there); the
     * bound allows that plus one more attempt. Past it, the invalidation was lost.
     */
    private static final Duration RECOVERY = Duration.ofSeconds(12);

    private static RedisCluster cluster;

    @ArquillianResource
    URL base;

    private Http http;
    private Integer killed;
    /** The resource hash of the race id {@link #raceWhoseIndexIsAlone} chose. */
    private String raceResource;

    @Deployment(testable = false)
    static WebArchive deployment() {
        cluster = RedisCluster.start();
        return Deployments.war("cluster-failover", Map.of(
                "restcache.redis.config-file", cluster.configFile().toString(),
                "restcache.near-cache.enabled", "false",
                "restcache.redis.timeout", "500ms",
                "restcache.redis.budget", "1s",
                "restcache.key-prefix", PREFIX), TestApplication.class.getPackage());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void client() {
        http = new Http(base).awaitCacheReady();
        cluster.awaitHealthy(FAILOVER);
    }

    @AfterEach
    void restartKilledNode() {
        if (killed != null) {
            cluster.restart(killed, Duration.ofSeconds(30));
        }
    }

    /**
     * Issue 13 defect 1: the cluster purge pops the tag index (and forgets its members) before it HDELs the
     * variants on the resource's master; when that master dies in between, the retry pops an empty index and
     * reports success, and the old entry stays a hit until its TTL.
     */
    @Test
    void purge_whileTheResourcesMasterFailsOver_isNotLost() {
        String id = profileWhoseResourceIsAlone("p1-");
        assertHit(http.get("profiles/" + id), "filled");
        String resource = resourceKey("user:" + id);
        int master = cluster.masterOf(resource);
        assertEquals("1", cluster.node(master).command("WAIT", "1", "2000"),
                "the replica holds the entry, so it survives the kill");

        kill(master);
        assertEquals(200, http.send("PUT", "profiles/" + id + "?name=Renamed").statusCode());
        cluster.awaitPromotion(master, FAILOVER);

        awaitFresh("profiles/" + id, "Renamed", () -> "HLEN " + cluster.command("HLEN", resource)
                + ", ZCARD of the tag index " + cluster.command("ZCARD", indexKey("user:" + id)));
    }

    /**
     * Issue 13 defect 2: the cluster store HSETs the variant, then adds it to its indexes on their masters;
     * when the index's master dies in between, nothing removes the variant, no purge can reach it, and the
     * next write's invalidation leaves it served until its TTL.
     */
    @Test
    void store_whoseIndexMasterDiesMidway_leavesNoEntryThatCannotBeInvalidated() throws Exception {
        String id = raceWhoseIndexIsAlone("s2-");
        int indexMaster = cluster.masterOf(indexKey("race:" + id));

        http.send("POST", "control/gate/" + id + "/arm");
        CompletableFuture<HttpResponse<String>> fill = CompletableFuture.supplyAsync(() -> http.get("race/" + id));
        assertEquals("true", http.send("POST", "control/gate/" + id + "/started").body(), "the miss is computing");
        kill(indexMaster);
        http.send("POST", "control/gate/" + id + "/release");
        assertEquals(200, fill.get(60, TimeUnit.SECONDS).statusCode(), "the miss is answered, stored or not");
        cluster.awaitPromotion(indexMaster, FAILOVER);

        assertEquals(200, http.send("PUT", "race/" + id + "?name=Changed").statusCode());
        awaitFresh("race/" + id, "Changed", () -> "HLEN " + cluster.command("HLEN", raceResource)
                + ", ZCARD of the tag index " + cluster.command("ZCARD", indexKey("race:" + id)));
    }

    /**
     * A store whose index members no replica confirmed is not kept. Found by the failover checker: a member
     * added on an index's master that died before replicating it was lost in the promotion, while the variant,
     * on another master, survived — beyond the reach of every later purge of the tag (a row served from Redis
     * 5 s after its write, still there after recovery). The replica of the index's master is frozen here
     * (SIGSTOP: it stops acknowledging), so the WAIT that ends the index step times out.
     */
    @Test
    void store_whoseIndexMembersNoReplicaConfirmed_isNotKept_andIsStoredOnceTheReplicaAnswers() {
        String id = raceWhoseIndexIsAlone("s4-");
        int indexMaster = cluster.masterOf(indexKey("race:" + id));
        io.restcache.itests.support.RedisProcess replica = cluster.node(cluster.replicaOf(indexMaster));
        replica.suspend();
        try {
            HttpResponse<String> miss = http.get("race/" + id);
            assertEquals(200, miss.statusCode());
            assertEquals("restcache; fwd=miss; fwd-status=200; detail=unreplicated",
                    miss.headers().firstValue("Cache-Status").orElse(""), "not kept while no replica has its members");
            assertEquals("0", cluster.command("HLEN", raceResource), "no variant was written");
        } finally {
            replica.resume();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.get("race/" + id).headers().firstValue("Cache-Status").orElse("").contains("stored"));
        assertEquals("1", cluster.command("HLEN", raceResource), "stored once a replica confirms");
    }

    /**
     * Issue 13 defect 3: the circuit breaker is process-wide, so requests to a dead master open it for keys on
     * healthy masters too. During the failover window (kill to promotion), reads of keys whose resource lives
     * on a healthy master must stay hits (at least 80%), while other requests keep reaching the dead one.
     */
    @Test
    void hitsOnHealthyMasters_continueWhileAnotherMasterFailsOver() throws Exception {
        int victim = cluster.masters().get(0);
        List<String> healthy = new ArrayList<>();
        List<String> doomed = new ArrayList<>();
        for (int n = 0; healthy.size() < 4 || doomed.size() < 4; n++) {
            String id = "h3-" + n;
            // stored before the failover starts: the cluster may still be settling from the previous test's
            // failover (its stores fail until Redisson has the new topology), and a store that failed is a miss
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> http.get("profiles/" + id).headers().firstValue("Cache-Status").orElse("")
                            .matches(".*(; stored|; hit).*"));
            int master = cluster.masterOf(resourceKey("user:" + id));
            (master == victim ? doomed : healthy).add(id);
            assertTrue(n < 200, "no spread of items over the masters");
        }
        healthy.forEach(id -> assertHit(http.get("profiles/" + id), "filled " + id));

        AtomicBoolean failingOver = new AtomicBoolean(true);
        // a third of the keys live on the victim, so in production most concurrent requests are its; six
        // readers of them against one of healthy keys make failures come in runs, as under real load
        List<CompletableFuture<Void>> deadTraffic = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            deadTraffic.add(CompletableFuture.runAsync(() -> {
                while (failingOver.get()) {
                    doomed.forEach(id -> http.get("profiles/" + id));     // these reach the dead master and fail
                }
            }, Executors.newSingleThreadExecutor()));
        }
        AtomicInteger hits = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        kill(victim);
        CompletableFuture<Integer> promotion = CompletableFuture.supplyAsync(() -> cluster.awaitPromotion(victim, FAILOVER));
        while (!promotion.isDone()) {
            for (String id : healthy) {
                reads.incrementAndGet();
                if (http.get("profiles/" + id).headers().firstValue("Cache-Status").orElse("").contains("; hit")) {
                    hits.incrementAndGet();
                }
            }
        }
        failingOver.set(false);
        CompletableFuture.allOf(deadTraffic.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertNotEquals(victim, promotion.get());
        double ratio = (double) hits.get() / reads.get();
        System.out.printf("healthy-key hits during the failover: %d of %d (%.2f)%n", hits.get(), reads.get(), ratio);
        assertTrue(ratio >= 0.8, "hits on healthy keys during the failover: " + hits + " of " + reads);
    }

    /**
     * Polls until a read that the cache served (a hit, or a miss it could store: Redis answered) returns the
     * new data. Reads that bypass the cache while the client learns the new topology do not count: they run
     * the method and prove nothing about what Redis holds. Fails if the cache still serves the old entry past
     * {@link #RECOVERY}: the invalidation was lost.
     */
    private void awaitFresh(String path, String fresh, Supplier<String> redisState) {
        List<String> seen = new ArrayList<>();
        try {
            Awaitility.await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).until(() -> {
                HttpResponse<String> r = http.get(path);
                String status = r.headers().firstValue("Cache-Status").orElse("-");
                seen.add(r.statusCode() + " " + status + " " + r.body());
                return r.statusCode() == 200 && !status.contains("bypass") && r.body().contains(fresh);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(path + ": no cache-served read with '" + fresh + "' within " + RECOVERY.toSeconds()
                    + " s after the failover (" + redisState.get() + "); last reads: "
                    + seen.subList(Math.max(0, seen.size() - 3), seen.size()), e);
        }
    }

    /**
     * A profile whose resource hash is on another master than its indexes (the tag's and the path's) and the
     * invalidation sequence: killing it lets the purge's pops succeed and fails only its HDEL step.
     */
    private String profileWhoseResourceIsAlone(String stem) {
        for (int n = 0; n < 200; n++) {
            String id = stem + n;
            http.get("profiles/" + id);
            int resource = cluster.masterOf(resourceKey("user:" + id));
            if (resource != cluster.masterOf(indexKey("user:" + id))
                    && resource != cluster.masterOf(names().indexKey(io.restcache.internal.store.TagRef.path("/profiles/" + id)))
                    && resource != cluster.masterOf(sequenceKey())) {
                return id;
            }
        }
        throw new AssertionError("no profile's resource on a master of its own");
    }

    /** A race id whose tag index is on another master than the sequence and (once filled) its resource. */
    private String raceWhoseIndexIsAlone(String stem) {
        int sequence = cluster.masterOf(sequenceKey());
        for (int n = 0; n < 200; n++) {
            String id = stem + n;
            int index = cluster.masterOf(indexKey("race:" + id));
            // the resource id is a digest of the path: learnt from a first fill of a sibling would not do, so
            // fill this one, read where it went, then drop it again (the test needs a miss)
            if (index == sequence) {
                continue;
            }
            http.get("race/" + id);
            raceResource = resourceKey("race:" + id);
            int resource = cluster.masterOf(raceResource);
            http.send("PUT", "race/" + id + "?name=Before");
            if (resource != index) {
                return id;
            }
        }
        throw new AssertionError("no race id whose index is on a master of its own");
    }

    private void kill(int port) {
        killed = port;
        cluster.kill(port);
    }

    private static io.restcache.itests.support.RedisNames names() {
        return new io.restcache.itests.support.RedisNames(cluster, PREFIX);
    }

    private static String sequenceKey() {
        return names().sequenceKey();
    }

    private static String indexKey(String tag) {
        return names().indexKey(io.restcache.internal.store.TagRef.tag(tag));
    }

    /** The resource hash of the one entry indexed under a tag (index members are "resource id:variant"). */
    private static String resourceKey(String tag) {
        String member = cluster.command("ZRANGE", indexKey(tag), "0", "0");
        if (member == null || member.isEmpty()) {
            throw new AssertionError("nothing indexed under " + tag);
        }
        return names().keys().resourceKey(names().generation(), member.substring(0, member.indexOf(':')));
    }
}
