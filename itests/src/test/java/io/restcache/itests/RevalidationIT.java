package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.RedisProcess;
import io.restcache.itests.support.SharedRedis;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Revalidation by the method (RFC 9111 §4.3): once an entry with the method's own validators is stale,
 * the request that recomputes it reaches the method with {@code If-None-Match} / {@code If-Modified-Since};
 * a method that evaluates preconditions answers 304, and the client gets the stored response with the
 * 304's headers, stored again as fresh — without the method building the body.
 */
@ExtendWith(ArquillianExtension.class)
class RevalidationIT {

    @ArquillianResource
    URL base;

    private Http http;

    @Deployment(testable = false)
    static WebArchive deployment() {
        RedisProcess redis = SharedRedis.get();
        return Deployments.war("revalidation", Map.of(
                "restcache.redis.address", redis.address(),
                "restcache.near-cache.enabled", "false",
                "restcache.key-prefix", "reval:"), TestApplication.class.getPackage());
    }

    @BeforeEach
    void client() {
        http = new Http(base).awaitCacheReady();
    }

    @Test
    void staleEntryWithTheMethodsETag_isRevalidated_304BecomesTheStoredResponse_storedFreshAgain() {
        HttpResponse<String> first = http.get("revalidated/etag/a");
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", status(first));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals("\"v1-a\"", etag, "the method's own entity tag goes out");

        HttpResponse<String> revalidated = afterExpiry("revalidated/etag/a");
        assertEquals(200, revalidated.statusCode());
        assertEquals("restcache; fwd=stale; fwd-status=304; stored", status(revalidated));
        assertEquals(first.body(), revalidated.body(), "the stored body, not a new one");
        assertEquals(1, http.count("revalidated-built-a"), "the method built the body once");
        assertEquals(1, http.count("revalidated-304-a"), "and answered the revalidation with a 304");
        assertEquals("304-1", revalidated.headers().firstValue("X-Checked").orElseThrow(), "the 304's header replaced the stored one");
        assertEquals("from-the-200", revalidated.headers().firstValue("X-Stored-Only").orElseThrow(),
                "a stored header the 304 did not carry is kept");
        assertEquals(etag, revalidated.headers().firstValue("ETag").orElseThrow());

        HttpResponse<String> hit = http.get("revalidated/etag/a");
        assertTrue(status(hit).startsWith("restcache; hit;"), "stored fresh again: " + status(hit));
        assertEquals("304-1", hit.headers().firstValue("X-Checked").orElseThrow(), "with the updated headers");
        assertEquals(304, http.get("revalidated/etag/a", "If-None-Match", etag).statusCode(), "the client's own conditional");
    }

    @Test
    void aChangedResource_answers200_andTheNewBodyIsStored() {
        http.get("revalidated/etag/b");
        http.send("POST", "revalidated/bump/b");
        HttpResponse<String> changed = afterExpiry("revalidated/etag/b");
        assertEquals("restcache; fwd=stale; fwd-status=200; stored", status(changed));
        assertTrue(changed.body().contains("\"version\":2"), changed.body());
        assertEquals(2, http.count("revalidated-built-b"));
        assertEquals(0, http.count("revalidated-304-b"));
    }

    @Test
    void lastModifiedAlone_isRevalidatedWithIfModifiedSince() {
        HttpResponse<String> first = http.get("revalidated/modified/c");
        assertTrue(first.headers().firstValue("Last-Modified").isPresent());
        HttpResponse<String> revalidated = afterExpiry("revalidated/modified/c");
        assertEquals("restcache; fwd=stale; fwd-status=304; stored", status(revalidated));
        assertEquals(first.body(), revalidated.body());
        assertEquals(1, http.count("revalidated-built-c"));
        assertEquals(1, http.count("revalidated-304-c"));
    }

    @Test
    void aClientsOwnConditional_isLeftAlone_noValidatorsAdded() {
        http.get("revalidated/etag/d");
        HttpResponse<String> own = afterExpiry("revalidated/etag/d", "If-None-Match", "\"something-else\"");
        assertEquals(200, own.statusCode());
        assertFalse(status(own).contains("fwd-status=304"), status(own));
        assertEquals(2, http.count("revalidated-built-d"), "the method saw the client's condition, not the stored tag");
        assertEquals(0, http.count("revalidated-304-d"));
    }

    /** The first answer after the entry's 1 s freshness ended (waits for the expiry, not for the result). */
    private HttpResponse<String> afterExpiry(String path, String... headers) {
        long storedAt = System.nanoTime();
        Awaitility.await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertTrue(System.nanoTime() - storedAt >= Duration.ofMillis(1100).toNanos());
        return http.get(path, headers);
    }

    private static String status(HttpResponse<String> response) {
        return response.headers().firstValue("Cache-Status").orElse("<none>");
    }
}
