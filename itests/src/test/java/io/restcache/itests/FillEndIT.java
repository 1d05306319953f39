package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.key.KeyBuilder;
import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.RedisProcess;
import io.restcache.itests.support.SharedRedis;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18, defect 6: every fill ends exactly once, its flight and its fleet lease together — also when no
 * response filter runs (an exception no mapper handles) — and a request that can never fill (HEAD) leads
 * no flight and takes no lease that other nodes would wait on. Observed in Redis: the lease keys.
 */
@ExtendWith(ArquillianExtension.class)
class FillEndIT {

    private static final String PREFIX = "fillend:";

    @ArquillianResource
    URL base;

    private Http http;

    @Deployment(testable = false)
    static WebArchive deployment() {
        RedisProcess redis = SharedRedis.get();
        return Deployments.war("fill-end", Map.of(
                "restcache.redis.address", redis.address(),
                "restcache.flight.lease", "30s",
                "restcache.key-prefix", PREFIX), TestApplication.class.getPackage());
    }

    @BeforeEach
    void client() {
        http = new Http(base).awaitCacheReady();
    }

    @Test
    void anUnmappedException_endsTheFill_andReleasesItsLease() {
        HttpResponse<String> failed = http.get("fill-end/unmapped/1");
        assertEquals(500, failed.statusCode());
        assertEquals(1, http.count("unmapped-1"));
        // on 91bb417 the lease stayed for its whole lifetime (30 s here): other nodes waited on it
        assertEquals("", leases(), "no lease is left once the request has ended");
        assertEquals(500, http.get("fill-end/unmapped/1").statusCode());
        assertEquals(2, http.count("unmapped-1"), "the next request runs the method itself");
        assertEquals("", leases());
    }

    @Test
    void aHead_leadsNoFlightAndTakesNoLease() throws Exception {
        http.send("POST", "control/gate/fill-end-h1/arm");
        CompletableFuture<HttpResponse<String>> head = CompletableFuture.supplyAsync(
                () -> http.send("HEAD", "fill-end/gated/h1"));
        assertEquals("true", http.send("POST", "control/gate/fill-end-h1/started").body(), "the HEAD's method runs");
        try {
            assertEquals("", leases(), "a HEAD, which never fills, holds no lease while its method runs");
        } finally {
            http.send("POST", "control/gate/fill-end-h1/release");
        }
        assertEquals(200, head.get(60, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void aGetPausedInItsMethod_holdsTheLease_control() throws Exception {
        http.send("POST", "control/gate/fill-end-g1/arm");
        CompletableFuture<HttpResponse<String>> get = CompletableFuture.supplyAsync(() -> http.get("fill-end/gated/g1"));
        assertEquals("true", http.send("POST", "control/gate/fill-end-g1/started").body());
        try {
            assertTrue(!leases().isEmpty(), "a GET leading the fill holds the variant's lease (so the checks above can fail)");
        } finally {
            http.send("POST", "control/gate/fill-end-g1/release");
        }
        assertEquals(200, get.get(60, TimeUnit.SECONDS).statusCode());
        assertEquals("", leases(), "and releases it with its store");
    }

    private static String leases() {
        String reply = SharedRedis.get().command("KEYS", PREFIX + KeyBuilder.SCHEMA + ":g*:l:*");
        return reply == null ? "" : reply;
    }
}
