package io.restcache.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.RedisProcess;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis trouble never hurts a request: the application starts with no Redis, serves uncached, picks the
 * cache up when Redis appears, and keeps answering promptly when Redis dies under it. Timings are
 * printed, not asserted (the machine is shared); correctness — every request answered 200 by the
 * method — is asserted.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisUnavailableIT {

    /** A port where no Redis listens when the application starts. */
    private static final int PORT = RedisProcess.freePort();

    private static RedisProcess redis;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("unavailable", Map.of(
                "restcache.redis.address", "redis://127.0.0.1:" + PORT,
                "restcache.redis.reconnect-interval", "300ms",
                "restcache.redis.budget", "50ms"), TestApplication.class.getPackage());
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.kill();
        }
    }

    @Test
    @Order(1)
    void redisDownAtStartup_applicationStartsAndServesUncached() {
        Http http = new Http(base);
        for (int i = 1; i <= 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.get("items/down");
            report("redis down at start-up", start);
            assertEquals(200, response.statusCode());
            assertEquals("restcache; fwd=bypass; fwd-status=200; detail=redis-unavailable", response.headers()
                    .firstValue("Cache-Status").orElse("<none>"));
            assertTrue(response.body().contains("\"run\":" + i), response.body());
        }
    }

    @Test
    @Order(2)
    void redisComesUp_theCacheConnectsWithoutARestart() {
        Http http = new Http(base);
        redis = RedisProcess.startOn(PORT);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> http.get("items/up").headers().firstValue("Cache-Status").orElse("").contains("hit"));
        int runs = http.count("item-up");
        assertTrue(http.get("items/up").headers().firstValue("Cache-Status").orElse("").contains("hit"));
        assertEquals(runs, http.count("item-up"));
    }

    @Test
    @Order(3)
    void redisDiesWhileRunning_requestsStillSucceedPromptly() {
        Http http = new Http(base);
        http.get("items/dies");
        assertTrue(http.get("items/dies").headers().firstValue("Cache-Status").orElse("").endsWith("detail=near"));
        redis.kill();
        long killed = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.get("items/dies");
            report("redis killed", start);
            assertEquals(200, response.statusCode());
            String status = response.headers().firstValue("Cache-Status").orElse("<none>");
            // until the node notices it no longer hears the fleet (its heartbeats stop coming back: at most
            // 1 s) it may still answer from memory; from then on, never: it could miss invalidations
            boolean deaf = System.nanoTime() - killed > Duration.ofSeconds(1).toNanos();
            assertTrue(status.startsWith("restcache; fwd=bypass; fwd-status=200; detail=redis-")
                    || (!deaf && status.endsWith("detail=near")),
                    status);
        }
        long deadline = killed + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        String late = http.get("items/dies").headers().firstValue("Cache-Status").orElse("<none>");
        assertTrue(late.startsWith("restcache; fwd=bypass; fwd-status=200; detail=redis-"),
                "1.5 s after Redis died the near cache is no longer used: " + late);
    }

    private static void report(String situation, long startNanos) {
        System.out.printf("[timing] %s: request answered in %.1f ms%n", situation,
                (System.nanoTime() - startNanos) / 1e6);
    }
}
