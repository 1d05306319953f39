package io.restcache.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.RedisProcess;
import io.restcache.itests.support.SharedRedis;
import io.restcache.itests.support.VarnishProcess;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real Varnish 7.1 with varnish-modules' xkey in front of a Payara Micro running restcache with
 * {@code xkey} surrogate keys, Cache-Groups and the Varnish purger: what the edge keeps, what it never
 * keeps, and how invalidations reach it. The VCL caches requests that carry {@code Authorization} too
 * (see {@link VarnishProcess}), so restcache's own headers are what keep per-user responses out.
 */
@ExtendWith(ArquillianExtension.class)
class VarnishEdgeIT {

    private static final int VARNISH_PORT = RedisProcess.freePort();
    /** Longer than any PUT may take: a purge on the request path would show as a PUT this slow. */
    private static final String PURGE_TIMEOUT = "2s";
    private static VarnishProcess varnish;

    @ArquillianResource
    URL base;

    private Http direct;
    private Http edge;

    @Deployment(testable = false)
    static WebArchive deployment() {
        RedisProcess redis = SharedRedis.get();
        VarnishProcess.requireBinary();     // fail here, before Payara starts, where CI forgot to install it
        return Deployments.war("edge", Map.of(
                "restcache.redis.address", redis.address(),
                "restcache.key-prefix", "edge:",
                "restcache.key-secret", "edge-itest-secret-0123456789",
                "restcache.edge.surrogate-keys", "xkey",
                "restcache.edge.cache-groups", "on",
                "restcache.edge.purger", "varnish",
                "restcache.edge.varnish.hosts", "http://127.0.0.1:" + VARNISH_PORT,
                "restcache.edge.purge-timeout", PURGE_TIMEOUT), TestApplication.class.getPackage());
    }

    @BeforeEach
    void clients() throws MalformedURLException {
        direct = new Http(base).awaitCacheReady();
        ensureVarnish();
        edge = new Http(new URL("http://127.0.0.1:" + VARNISH_PORT + base.getPath()));
    }

    private void ensureVarnish() {
        if (varnish == null) {
            varnish = VarnishProcess.start(VARNISH_PORT, base.getPort(), Path.of("target", "varnish"));
        }
    }

    @AfterAll
    static void stopVarnish() {
        if (varnish != null) {
            varnish.close();
            varnish = null;
        }
    }

    @Test
    void publicGet_missAtVarnishAndRestcache_thenVarnishHit() {
        HttpResponse<String> first = edge.get("profiles/e1");
        HttpResponse<String> second = edge.get("profiles/e1");

        assertEquals(200, first.statusCode());
        assertEquals("miss", header(first, "X-Varnish-Cache"));
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", header(first, "Cache-Status"));
        assertEquals("hit", header(second, "X-Varnish-Cache"));
        assertEquals(first.body(), second.body());
        assertEquals(1, direct.count("profile-e1"));
        assertEquals("", header(first, "xkey"), "the VCL keeps the keys to itself");
    }

    @Test
    void storedSharedResponse_carriesHashedKeysGroupsAndAnSMaxAgeWithinItsTtl() {
        HttpResponse<String> miss = direct.get("profiles/e-labels");
        HttpResponse<String> hit = direct.get("profiles/e-labels");
        for (HttpResponse<String> r : List.of(miss, hit)) {
            String keys = header(r, "xkey");
            assertTrue(keys.matches("[0-9a-f]{24}( [0-9a-f]{24}){4}"), "all, tag, path, resource, variant: " + keys);
            assertFalse(keys.contains("user"), keys);
            assertTrue(header(r, "Cache-Groups").matches("\"[0-9a-f]{24}\", \"[0-9a-f]{24}\""), header(r, "Cache-Groups"));
            long sMaxAge = Long.parseLong(header(r, "Cache-Control").replaceAll(".*s-maxage=(\\d+).*", "$1"));
            long age = r.headers().firstValue("Age").map(Long::parseLong).orElse(0L);
            assertTrue(sMaxAge - age <= 60 && sMaxAge - age >= 55, "the edge keeps it " + (sMaxAge - age) + " s");
        }
    }

    @Test
    void putThroughVarnish_dropsItAtVarnishInRedisAndInTheNearCache() {
        edge.get("profiles/e2");
        assertEquals("hit", header(edge.get("profiles/e2"), "X-Varnish-Cache"));

        HttpResponse<String> put = edge.send("PUT", "profiles/e2?name=Renamed");
        assertEquals(200, put.statusCode());
        assertTrue(header(put, "Cache-Group-Invalidation").startsWith("\""), header(put, "Cache-Group-Invalidation"));

        HttpResponse<String> after = edge.get("profiles/e2");
        assertEquals("miss", header(after, "X-Varnish-Cache"));
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", header(after, "Cache-Status"),
                "Redis and the near cache dropped it too");
        assertTrue(after.body().contains("\"name\":\"Renamed\""), after.body());
        assertEquals(2, direct.count("profile-e2"));
    }

    /** An invalidation that never passes the edge (the API, on the server) reaches it through the purger. */
    @Test
    void invalidationOffTheEdge_reachesVarnishThroughThePurger() {
        edge.get("profiles/e3");
        assertEquals("hit", header(edge.get("profiles/e3"), "X-Varnish-Cache"));

        assertEquals(204, direct.send("POST", "control/tags?tag=user:e3").statusCode());

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> header(edge.get("profiles/e3"), "X-Varnish-Cache").equals("miss"));
        assertEquals(2, direct.count("profile-e3"));
    }

    /**
     * A variant purge (an HDEL of one variant) maps to the edge as the purge of that variant's key: the
     * edge keyed that variant itself (Vary: Accept-Language), so it drops exactly that one.
     */
    @Test
    void variantPurge_dropsThatVariantAtTheEdge_andKeepsTheOthers() {
        for (String language : List.of("de", "en")) {
            edge.get("profiles/e4/greeting", "Accept-Language", language);
            assertEquals("hit", header(edge.get("profiles/e4/greeting", "Accept-Language", language), "X-Varnish-Cache"));
        }

        assertEquals(204, direct.send("POST", "control/variant?path=/profiles/e4/greeting&language=de").statusCode());

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> header(
                edge.get("profiles/e4/greeting", "Accept-Language", "de"), "X-Varnish-Cache").equals("miss"));
        assertEquals("hit", header(edge.get("profiles/e4/greeting", "Accept-Language", "en"), "X-Varnish-Cache"));
    }

    @Test
    void perUserResponses_areNeverStoredByVarnish() {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> alice = edge.get("feed", "Authorization", "Bearer alice");
            assertEquals("miss", header(alice, "X-Varnish-Cache"));
            assertTrue(alice.body().contains("\"owner\":\"alice\""), alice.body());
            HttpResponse<String> bob = edge.get("feed", "Authorization", "Bearer bob");
            assertEquals("miss", header(bob, "X-Varnish-Cache"));
            assertTrue(bob.body().contains("\"owner\":\"bob\""), bob.body());
        }
    }

    /** A shared method answering an authenticated caller is bypassed by restcache: the edge must not keep it. */
    @Test
    void sharedMethodAnsweringAnAuthenticatedCaller_isNotKeptByVarnish() {
        HttpResponse<String> first = edge.get("profiles/e5", "Authorization", "Bearer alice");
        assertEquals("miss", header(edge.get("profiles/e5", "Authorization", "Bearer alice"), "X-Varnish-Cache"));
        assertEquals("miss", header(edge.get("profiles/e5"), "X-Varnish-Cache"));
        assertTrue(header(first, "Cache-Status").contains("detail=authenticated"), header(first, "Cache-Status"));
        assertTrue(header(first, "Cache-Control").contains("s-maxage=0"), header(first, "Cache-Control"));
    }

    /** The edge purge is off the request path: a Varnish that hangs or is gone costs a PUT nothing. */
    @Test
    void varnishFrozenOrDown_costsThePutNothing() {
        List<Long> baseline = putMillis("e6", 10);
        List<Long> frozen;
        List<Long> down;
        varnish.freeze();
        try {
            frozen = putMillis("e6", 10);
        } finally {
            varnish.thaw();
        }
        varnish.close();
        varnish = null;
        try {
            down = putMillis("e6", 10);
        } finally {
            ensureVarnish();
        }
        System.out.println("VarnishEdgeIT PUT ms: baseline " + baseline + ", Varnish frozen " + frozen
                + ", Varnish down " + down);
        long budget = median(baseline) + 100;
        assertTrue(median(frozen) <= budget, "frozen: median " + median(frozen) + " ms, baseline " + median(baseline));
        assertTrue(median(down) <= budget, "down: median " + median(down) + " ms, baseline " + median(baseline));
        assertTrue(Collections.max(frozen) < 1_500 && Collections.max(down) < 1_500,
                "no PUT waited for the edge's " + PURGE_TIMEOUT + " timeout: " + frozen + " " + down);
    }

    private List<Long> putMillis(String id, int times) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            assertEquals(200, direct.send("PUT", "profiles/" + id + "?name=n" + i).statusCode());
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        return millis;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("");
    }
}
