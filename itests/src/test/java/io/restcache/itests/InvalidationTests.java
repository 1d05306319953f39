package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.support.Http;
import io.restcache.itests.support.RedisCommands;
import io.restcache.itests.support.RedisNames;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Invalidation, against a real Redis: tags (templates and run-time ones), after-commit, single-variant,
 * path, resource, user and everything purges, and the stale-refill race. Run on a standalone Redis, a
 * one-node Redis Cluster (which fails every cross-slot command), a 3-master Redis Cluster (where a
 * resource and its indexes live on different masters) and a Sentinel-managed primary. Each test uses its own resources and
 * asserts on hit/miss transitions, so tests do not depend on each other; the generation bump runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class InvalidationTests {

    @ArquillianResource
    URL base;

    Http http;

    /** The Redis this deployment uses, and the key prefix it was given. */
    abstract RedisCommands redis();

    abstract String prefix();

    @BeforeEach
    void client() {
        http = new Http(base).awaitCacheReady();
    }

    @Test
    @Order(1)
    void profileUpdate_dropsTheUsersResourcesAndTheFeedsShowingThem_andNothingElse() {
        String[][] reads = {
            {"profiles/bob", null}, {"profiles/bob/posts", null}, {"profiles/carol", null},
            {"feed", "alice"}, {"feed", "bob"}, {"feed", "carol"}};
        for (String[] r : reads) {
            read(r);
        }
        for (String[] r : reads) {
            assertHit(read(r), r[0] + " as " + r[1]);
        }

        HttpResponse<String> update = http.send("PUT", "profiles/bob?name=Robert");
        assertEquals(200, update.statusCode());

        assertMiss(read(reads[0]), "bob's profile");
        assertTrue(read(reads[0]).body().contains("Robert"));
        assertMiss(read(reads[1]), "bob's posts");
        HttpResponse<String> aliceFeed = read(reads[3]);
        assertMiss(aliceFeed, "alice's feed shows bob");
        assertTrue(aliceFeed.body().contains("Robert"), aliceFeed.body());
        assertHit(read(reads[2]), "carol's profile is untouched");
        assertHit(read(reads[4]), "bob's own feed does not show bob");
        assertHit(read(reads[5]), "carol's feed does not show bob");
    }

    @Test
    @Order(2)
    void failedOrRolledBackUpdate_dropsNothing() {
        http.get("profiles/eve");
        assertHit(http.get("profiles/eve"), "filled");

        assertEquals(500, http.send("PUT", "profiles/eve/failing").statusCode());
        assertHit(http.get("profiles/eve"), "a method that threw drops nothing");

        assertEquals(200, http.send("PUT", "profiles/eve/rollback-only").statusCode());
        assertHit(http.get("profiles/eve"), "a rollback-only transaction drops nothing, even with a 200");
    }

    @Test
    @Order(3)
    void variantPurge_dropsOneLanguageAndKeepsTheOther() {
        http.get("profiles/frank/greeting", "Accept-Language", "en");
        http.get("profiles/frank/greeting", "Accept-Language", "de");

        http.send("POST", "control/variant?path=/profiles/frank/greeting&language=de");

        assertMiss(http.get("profiles/frank/greeting", "Accept-Language", "de"), "the German variant");
        assertHit(http.get("profiles/frank/greeting", "Accept-Language", "en"), "the English variant");
    }

    @Test
    @Order(4)
    void userPurge_dropsThatUsersEntriesOnly() {
        read(new String[] {"feed", "carol"});
        read(new String[] {"feed", "dave"});

        http.send("POST", "control/user?name=carol");

        assertMiss(read(new String[] {"feed", "carol"}), "carol's feed");
        assertHit(read(new String[] {"feed", "dave"}), "dave's feed");
    }

    @Test
    @Order(5)
    void pathAndResourcePurges_reachExactlyTheirTargets() {
        http.get("profiles/gina");
        http.get("profiles/gina/posts");
        http.get("search?q=inv-a");
        http.get("search?q=inv-b");

        http.send("POST", "control/path?path=/profiles/gina");
        // keys include the origin: naming it drops just this resource (without it, the whole path goes)
        http.send("POST", "control/resource?target=/search%3Fq%3Dinv-a&origin="
                + java.net.URLEncoder.encode(base.getProtocol() + "://" + base.getAuthority(),
                        java.nio.charset.StandardCharsets.UTF_8));

        assertMiss(http.get("profiles/gina"), "the purged path");
        assertHit(http.get("profiles/gina/posts"), "another path under it");
        assertMiss(http.get("search?q=inv-a"), "the purged resource");
        assertHit(http.get("search?q=inv-b"), "another query of the same path");
    }

    @Test
    @Order(6)
    void cdiEvent_andUnsafeRequestToTheTarget_invalidate() {
        http.get("profiles/hank");
        http.send("POST", "control/event?tag=user:hank");
        assertMiss(http.get("profiles/hank"), "dropped by a CDI event");

        http.get("items/delete-me");
        assertEquals(204, http.send("DELETE", "items/delete-me").statusCode());
        assertMiss(http.get("items/delete-me"), "dropped by a successful DELETE of the same target (RFC 9111 4.4)");
    }

    @Test
    @Order(7)
    void staleRefill_aFillThatStartedBeforeAnInvalidation_isNotLeftStored() throws Exception {
        assertRaceDropsTheFill("race/r1", "r1", "race-r1", "race/r1");
    }

    @Test
    @Order(8)
    void staleRefill_withATagAddedAtRunTime_isNotLeftStored() throws Exception {
        assertRaceDropsTheFill("race-dynamic/r2", "dynamic-r2", "race-dynamic-r2", "race/r2");
    }

    @Test
    @Order(9)
    void control_aFillWithoutAConcurrentInvalidation_isStored() throws Exception {
        http.send("PUT", "race/r3?name=Before");            // an invalidation before the fill started
        http.send("POST", "control/gate/r3/arm");
        CompletableFuture<HttpResponse<String>> fill = CompletableFuture.supplyAsync(() -> http.get("race/r3"));
        assertEquals("true", http.send("POST", "control/gate/r3/started").body());
        http.send("POST", "control/gate/r3/release");
        assertEquals(200, fill.get(60, TimeUnit.SECONDS).statusCode());

        HttpResponse<String> next = http.get("race/r3");
        assertHit(next, "the control fill is stored");
        assertTrue(next.body().contains("Before"));
        assertEquals(1, http.count("race-r3"));
    }

    @Test
    @Order(10)
    void tagIndex_trimsExpiredMembers_soItStaysProportionalToLiveEntries() {
        for (int n = 0; n < 30; n++) {
            http.get("tagged-short/" + n);
        }
        String index = new RedisNames(redis(), prefix()).indexKey(io.restcache.internal.store.TagRef.tag("short-lived"));
        long filled = Long.parseLong(redis().command("ZCARD", index));
        assertTrue(filled > 1 && filled <= 30, "the index holds the live members: " + filled);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> http.get("tagged-short/29").headers().firstValue("Cache-Status").orElse("")
                        .contains("fwd=miss"));     // the last one filled has expired, so have all the others
        assertEquals("1", redis().command("ZCARD", index), "expired members are trimmed on the next add");
    }

    @Test
    @Order(100)
    void invalidateAll_movesToANewGeneration_withoutScanningAnything() {
        http.get("profiles/ivan");
        assertHit(http.get("profiles/ivan"), "filled");
        long before = generation();

        http.send("POST", "control/all");

        assertMiss(http.get("profiles/ivan"), "after the generation bump");
        assertTrue(generation() > before, "a newer generation: " + generation() + " after " + before);
    }

    private void assertRaceDropsTheFill(String path, String gate, String counter, String invalidatingPath)
            throws Exception {
        http.send("POST", "control/gate/" + gate + "/arm");
        CompletableFuture<HttpResponse<String>> fill = CompletableFuture.supplyAsync(() -> http.get(path));
        assertEquals("true", http.send("POST", "control/gate/" + gate + "/started").body(),
                "the method has read its data and is paused");

        assertEquals(200, http.send("PUT", invalidatingPath + "?name=Changed").statusCode());
        http.send("POST", "control/gate/" + gate + "/release");
        HttpResponse<String> inFlight = fill.get(60, TimeUnit.SECONDS);
        assertEquals(200, inFlight.statusCode());
        assertTrue(!inFlight.body().contains("Changed"), "the in-flight fill computed old data: " + inFlight.body());

        HttpResponse<String> next = http.get(path);
        assertMiss(next, "the stale fill must not have been left stored");
        assertTrue(next.body().contains("Changed"), next.body());
        assertEquals(2, http.count(counter));
    }

    private long generation() {
        return new RedisNames(redis(), prefix()).generation();
    }

    private HttpResponse<String> read(String[] pathAndUser) {
        return pathAndUser[1] == null ? http.get(pathAndUser[0])
                : http.get(pathAndUser[0], "Authorization", "Bearer " + pathAndUser[1]);
    }

    static void assertHit(HttpResponse<String> response, String what) {
        String status = response.headers().firstValue("Cache-Status").orElse("<none>");
        assertTrue(status.contains("; hit"), what + ": expected a hit, got " + status);
    }

    static void assertMiss(HttpResponse<String> response, String what) {
        String status = response.headers().firstValue("Cache-Status").orElse("<none>");
        assertTrue(status.contains("fwd=miss"), what + ": expected a miss, got " + status);
    }
}
