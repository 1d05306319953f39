package io.restcache.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.memcached.MemcachedApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.MemcachedProcess;
import io.restcache.itests.support.RedisProcess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TTL-only endpoints on a real memcached (started by the test, stopped by its process) in a real Payara
 * Micro, a Redis of its own beside it for the fleet: hits, ETag/304, gzip, TTL expiry, invalidation by version bump
 * (static and run-time tags), Redis going away (Memcached
 * goes on, bumps included) and Memcached going away. The near cache is off here, so that every hit
 * comes from Memcached (the near cache in front works as for Redis: same filters, same code).
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemcachedStoreIT {

    private static final MemcachedProcess MEMCACHED = MemcachedProcess.start();
    /** Its own Redis, not the shared one: a test kills it. */
    private static final RedisProcess REDIS = RedisProcess.start();
    private static MemcachedProcess restarted;

    @ArquillianResource
    URL base;

    private Http http;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("memcached", Map.of(
                "restcache.redis.address", REDIS.address(),
                "restcache.memcached.servers", MEMCACHED.servers(),
                "restcache.near-cache.enabled", "false",
                // one machine, one clock: a fill that starts after a bump's response is past it, so "the very
                // next request stores" holds exactly (ConsistencyCheckIT runs the default allowance)
                "restcache.memcached.clock-skew", "0ms",
                "restcache.key-prefix", "mc-itest:"), MemcachedApplication.class.getPackage());
    }

    @AfterAll
    static void stopServers() {
        REDIS.kill();
        MEMCACHED.kill();
        if (restarted != null) {
            restarted.kill();
        }
    }

    @BeforeEach
    void client() {
        http = new Http(base);
        // a refused connection while the server settles is retried, not a failure (the 60 s bound still is)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> !status(http.get("items/ready-probe")).contains("unavailable"));
    }

    @Test
    @Order(1)
    void secondRequest_isAMemcachedHit_theMethodRanOnce_andTheEntryIsInMemcached() {
        long itemsBefore = MEMCACHED.items();
        HttpResponse<String> first = http.get("items/1");
        HttpResponse<String> second = http.get("items/1");
        assertEquals(200, first.statusCode());
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", status(first));
        assertTrue(status(second).matches("restcache; hit; ttl=\\d+; detail=memcached"), status(second));
        assertEquals(first.body(), second.body());
        assertEquals(header(first, "ETag"), header(second, "ETag"));
        assertEquals(1, http.count("item-1"));
        assertEquals(itemsBefore + 1, MEMCACHED.items(), "one entry went into Memcached (counters exist only once bumped)");
    }

    @Test
    @Order(2)
    void ifNoneMatch_withTheStoredETag_isAnswered304FromMemcached() {
        String etag = header(http.get("items/2"), "ETag");
        HttpResponse<String> revalidated = http.get("items/2", "If-None-Match", etag);
        assertEquals(304, revalidated.statusCode());
        assertEquals(etag, header(revalidated, "ETag"));
        assertEquals("", revalidated.body());
        assertEquals(1, http.count("item-2"));
    }

    @Test
    @Order(3)
    void gzip_isStoredOnce_andServedCodedOrDecoded() throws Exception {
        HttpResponse<String> identity = http.get("items/3");
        HttpResponse<byte[]> coded = bytes("items/3", "gzip");
        assertTrue(status(coded).contains("detail=memcached"), status(coded));
        assertEquals("gzip", coded.headers().firstValue("Content-Encoding").orElse("<none>"));
        assertTrue(coded.body().length < identity.body().length() / 2, coded.body().length + " bytes coded");
        assertArrayEquals(identity.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), gunzip(coded.body()));
        HttpResponse<byte[]> plain = bytes("items/3", "identity");
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty());
        assertEquals(identity.body(), new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1, http.count("item-3"));
    }

    @Test
    @Order(4)
    void afterTheTtl_theMethodRunsAgain() {
        http.get("short/1");
        assertTrue(status(http.get("short/1")).contains("detail=memcached"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> status(http.get("short/1")).contains("fwd="));
        assertEquals(2, http.count("short-1"));
    }

    @Test
    @Order(5)
    void invalidateTags_bumpsTheTagVersion_theNextRequestRunsTheMethod_otherItemsStay() {
        http.get("items/5");
        http.get("items/6");
        assertTrue(status(http.get("items/5")).contains("detail=memcached"));
        assertEquals(204, http.send("PUT", "items/5").statusCode());
        HttpResponse<String> after = http.get("items/5");
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", status(after), "the very next request misses");
        assertTrue(after.body().contains("\"run\":2"), after.body());
        assertTrue(status(http.get("items/6")).contains("detail=memcached"), "item 6 is under another tag");
        assertEquals(1, http.count("item-6"));
    }

    @Test
    @Order(6)
    void aRunTimeTag_isInvalidatedThroughTheApi() {
        http.get("runtime/7");
        assertTrue(status(http.get("runtime/7")).contains("detail=memcached"));
        assertEquals(204, http.send("POST", "runtime/7/invalidate").statusCode());
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", status(http.get("runtime/7")));
        assertEquals(2, http.count("runtime-7"));
    }

    @Test
    @Order(7)
    void redisDown_memcachedHitsGoOn_andATagInvalidationStillReachesMemcached() {
        http.get("items/9");
        assertTrue(status(http.get("items/9")).contains("detail=memcached"));
        REDIS.kill();
        assertTrue(status(http.get("items/9")).contains("detail=memcached"), "Memcached hits need no Redis");
        long start = System.nanoTime();
        assertEquals(204, http.send("PUT", "items/9").statusCode());
        System.out.printf("[timing] redis down: PUT with @InvalidateTags answered in %.1f ms%n",
                (System.nanoTime() - start) / 1e6);
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", status(http.get("items/9")),
                "the bump went to Memcached without Redis");
        assertTrue(status(http.get("items/9")).contains("detail=memcached"));
        assertEquals(2, http.count("item-9"));
    }

    @Test
    @Order(8)
    void memcachedDown_requestsAreStillAnsweredByTheMethod_promptly_andTheCacheComesBack() {
        http.get("items/8");
        assertTrue(status(http.get("items/8")).contains("detail=memcached"));
        MEMCACHED.kill();
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.get("items/8");
            System.out.printf("[timing] memcached down: request answered in %.1f ms (%s)%n",
                    (System.nanoTime() - start) / 1e6, status(response));
            assertEquals(200, response.statusCode());
            assertTrue(status(response).startsWith("restcache; fwd=bypass; fwd-status=200; detail="), status(response));
        }
        assertEquals(11, http.count("item-8"));
        restarted = MemcachedProcess.startOn(MEMCACHED.port());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> status(http.get("items/8")).contains("detail=memcached"));
    }

    private HttpResponse<byte[]> bytes(String path, String acceptEncoding) throws IOException, InterruptedException {
        String b = base.toExternalForm();
        HttpRequest request = HttpRequest.newBuilder(URI.create((b.endsWith("/") ? b : b + "/") + path))
                .header("Accept-Encoding", acceptEncoding).timeout(Duration.ofSeconds(30)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gunzip(byte[] coded) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(coded))) {
            return in.readAllBytes();
        }
    }

    private static String status(HttpResponse<?> response) {
        return response.headers().firstValue("Cache-Status").orElse("<none>");
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("<none>");
    }
}
