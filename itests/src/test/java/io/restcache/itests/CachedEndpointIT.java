package io.restcache.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.app.CachedResource;
import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.internal.key.Authority;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.key.KeyRequest;
import io.restcache.internal.key.KeySpec;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.RedisProcess;
import io.restcache.itests.support.RedisNames;
import io.restcache.itests.support.SharedRedis;
import io.restcache.internal.store.TagRef;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cache's main path in a real Payara Micro against a real redis-server: what is stored, what is
 * served, and what never is. Each test uses its own paths so the tests do not depend on their order.
 */
@ExtendWith(ArquillianExtension.class)
class CachedEndpointIT {

    private static final String PREFIX = "itest:";

    @ArquillianResource
    URL base;

    private Http http;

    @Deployment(testable = false)
    static WebArchive deployment() {
        RedisProcess redis = SharedRedis.get();
        return Deployments.war("cached", Map.of(
                "restcache.redis.address", redis.address(),
                "restcache.key-prefix", PREFIX), TestApplication.class.getPackage());
    }

    @BeforeEach
    void client() {
        http = new Http(base).awaitCacheReady();
    }

    @Test
    void get_secondRequest_isServedFromRedisWithoutRunningTheMethod() {
        HttpResponse<String> first = http.get("items/1");
        HttpResponse<String> second = http.get("items/1");

        assertEquals(200, first.statusCode());
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", header(first, "Cache-Status"));
        assertEquals(200, second.statusCode());
        assertTrue(header(second, "Cache-Status").startsWith("restcache; hit; ttl="), header(second, "Cache-Status"));
        assertEquals(first.body(), second.body());
        assertEquals(header(first, "ETag"), header(second, "ETag"));
        assertTrue(header(first, "ETag").matches("\"[A-Za-z0-9_-]{22}\""), header(first, "ETag"));
        assertTrue(header(second, "Content-Type").startsWith("application/json"));
        assertTrue(Integer.parseInt(header(second, "Age")) >= 0);
        assertEquals(1, http.count("item-1"));
    }

    @Test
    void store_usesOneHashPerResourceWithOneFieldPerVariantAndAKeyTtl() {
        http.get("items/layout");
        CacheKey expected = new KeyBuilder(PREFIX).build(
                new KeySpec(Set.of(), List.of(), List.of(), false, false).withAuthority(true),
                new KeyRequest(CachedResource.class.getName() + "#item /items/{id}", Map.of("id", List.of("layout")),
                        Map.of(), Optional.empty(), Map.of(), Map.of(), Map.of(), Optional.of(origin())), names().generation());
        String key = expected.resourceKey();

        assertTrue(key.matches("itest:v3:g[0-9a-z]+:r:\\{[A-Za-z0-9_-]{22}}"), key);
        assertTrue(keys().contains(key), keys() + " should contain " + key);
        assertEquals("hash", redis().command("TYPE", key));
        assertEquals("1", redis().command("HLEN", key));
        assertEquals("1", redis().command("HEXISTS", key, expected.variantField()));
        long pttl = Long.parseLong(redis().command("PTTL", key));
        assertTrue(pttl > 0 && pttl <= 60_000, "PTTL " + pttl);

        String pathIndex = names().indexKey(TagRef.path("/items/layout"));
        assertFalse(pathIndex.contains("/items/layout"), "no raw path in a key name: " + pathIndex);
        assertEquals("zset", redis().command("TYPE", pathIndex), "every entry is indexed under its path");
        assertEquals(expected.resourceId() + ":" + expected.variantField(),
                redis().command("ZRANGE", pathIndex, "0", "-1"));
        assertTrue(Long.parseLong(redis().command("PTTL", pathIndex)) > 0, "the index expires too");
    }

    @Test
    void ttl_afterExpiry_theMethodRunsAgain() {
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", header(http.get("short/a"), "Cache-Status"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> header(http.get("short/a"), "Cache-Status").contains("fwd=miss"));
        assertTrue(http.count("short-a") >= 2);
    }

    @Test
    void ifNoneMatch_matchingTheStoredEtag_gives304WithoutBody() {
        String etag = header(http.get("items/etag"), "ETag");

        HttpResponse<String> exact = http.get("items/etag", "If-None-Match", etag);
        HttpResponse<String> weakInList = http.get("items/etag", "If-None-Match", "\"other\", W/" + etag);
        HttpResponse<String> star = http.get("items/etag", "If-None-Match", "*");
        HttpResponse<String> other = http.get("items/etag", "If-None-Match", "\"other\"");

        assertEquals(304, exact.statusCode());
        assertEquals("", exact.body());
        assertEquals(etag, header(exact, "ETag"));
        assertEquals(304, weakInList.statusCode());
        assertEquals(304, star.statusCode());
        assertEquals(200, other.statusCode());
        assertEquals(1, http.count("item-etag"));
    }

    @Test
    void objectEntity_isWrittenByJsonB_andReplayedAsWritten() {
        HttpResponse<String> first = http.get("views/a");
        HttpResponse<String> second = http.get("views/a");

        assertEquals(200, first.statusCode());
        // the JSON-B name: the server's JSON-B writer ran (restcache's dependencies must not switch it off)
        assertTrue(first.body().contains("\"item-id\":\"a\""), first.body());
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", header(first, "Cache-Status"));
        assertTrue(header(second, "Cache-Status").contains("hit"), header(second, "Cache-Status"));
        assertEquals(first.body(), second.body());
        assertTrue(header(second, "Content-Type").startsWith("application/json"));
        assertEquals(1, http.count("view-a"));
    }

    @Test
    void uncachedMethod_isUntouched() {
        HttpResponse<String> first = http.get("uncached");
        HttpResponse<String> second = http.get("uncached");

        assertFalse(first.headers().firstValue("Cache-Status").isPresent());
        assertFalse(first.headers().firstValue("ETag").isPresent());
        assertNotEquals(first.body(), second.body());
        assertEquals(2, http.count("uncached"));
    }

    @Test
    void query_eachDistinctQueryIsItsOwnEntry_absentAndEmptyDiffer() {
        String[] queries = {"search", "search?q=", "search?q=a", "search?q=a&q=b", "search?q=b&q=a"};
        for (String q : queries) {
            assertEquals("restcache; fwd=miss; fwd-status=200; stored", header(http.get(q), "Cache-Status"), q);
        }
        for (String q : queries) {
            assertTrue(header(http.get(q), "Cache-Status").contains("hit"), q);
        }
        assertEquals(queries.length, http.count("search"));
    }

    @Test
    void varyByUser_eachUserGetsTheirOwnEntry_andNeverAnothers() {
        HttpResponse<String> alice1 = http.get("me", "Authorization", "Bearer alice");
        HttpResponse<String> bob1 = http.get("me", "Authorization", "Bearer bob");
        HttpResponse<String> alice2 = http.get("me", "Authorization", "Bearer alice");
        HttpResponse<String> bob2 = http.get("me", "Authorization", "Bearer bob");
        HttpResponse<String> anonymous = http.get("me");

        assertTrue(alice1.body().contains("\"user\":\"alice\""), alice1.body());
        assertTrue(bob1.body().contains("\"user\":\"bob\""), bob1.body());
        assertEquals(alice1.body(), alice2.body());
        assertEquals(bob1.body(), bob2.body());
        assertTrue(header(alice2, "Cache-Status").contains("hit"));
        assertTrue(header(bob2, "Cache-Status").contains("hit"));
        assertTrue(anonymous.body().contains("\"user\":\"anonymous\""), anonymous.body());
        assertTrue(header(alice1, "Cache-Control").contains("private"));
        assertTrue(header(alice2, "Cache-Control").contains("private"));
        assertEquals(3, http.count("me"));
        assertTrue(keys().stream().noneMatch(k -> k.contains("alice") || k.contains("bob")), keys().toString());
    }

    /**
     * Memory: every index — the path index, and a user's index that holds one member — stays in Redis's
     * compact sorted-set encoding, which needs each member ({@code resourceId:variantField}) within
     * {@code zset-max-listpack-value} (64 bytes). One byte over and a one-member index takes ~1 KB instead
     * of ~100 bytes (what 192-bit variant ids did).
     */
    @Test
    void everyIndex_staysInTheCompactEncoding_evenAUsersOneMemberIndex() {
        http.get("me", "Authorization", "Bearer dave");
        http.get("items/compact");
        String reply = redis().command("KEYS", PREFIX + KeyBuilder.SCHEMA + ":g*:i:*");
        List<String> indexes = reply == null || reply.isEmpty() ? List.of() : List.of(reply.split("\n"));
        assertTrue(indexes.size() >= 3, "a path index each and dave's user index: " + indexes);
        for (String index : indexes) {
            String encoding = redis().command("OBJECT", "ENCODING", index);
            assertTrue(encoding.equals("listpack") || encoding.equals("ziplist"), index + " is " + encoding);
            for (String member : redis().command("ZRANGE", index, "0", "-1").split("\n")) {
                assertTrue(member.length() <= 64, member.length() + " bytes: " + member);
            }
        }
    }

    @Test
    void authenticatedCaller_onASharedMethod_bypassesTheCache() {
        http.get("items/anon");                                      // stores the anonymous entry
        HttpResponse<String> authenticated = http.get("items/anon", "Authorization", "Bearer carol");

        assertEquals("restcache; fwd=bypass; fwd-status=200; detail=authenticated", header(authenticated, "Cache-Status"));
        assertTrue(authenticated.body().contains("\"run\":2"), authenticated.body());
        assertEquals(2, http.count("item-anon"));
    }

    @Test
    void sharedMethod_servesAuthenticatedCallersFromOneEntry() {
        http.get("shared-profile", "Authorization", "Bearer dave");
        HttpResponse<String> other = http.get("shared-profile", "Authorization", "Bearer erin");

        assertTrue(header(other, "Cache-Status").contains("hit"));
        assertEquals(1, http.count("shared-profile"));
    }

    @Test
    void responsesThatMustNotBeStored_areNot() {
        for (String path : List.of("with-cookie", "no-store", "missing/1", "big", "vetoed")) {
            HttpResponse<String> first = http.get(path);
            HttpResponse<String> second = http.get(path);
            assertTrue(header(first, "Cache-Status").startsWith("restcache; fwd=miss; fwd-status="), path + ": "
                    + header(first, "Cache-Status"));
            assertTrue(header(second, "Cache-Status").startsWith("restcache; fwd=miss; fwd-status="), path);
        }
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=set-cookie", header(http.get("with-cookie"), "Cache-Status"));
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=no-store", header(http.get("no-store"), "Cache-Status"));
        assertEquals("restcache; fwd=miss; fwd-status=404; detail=status", header(http.get("missing/1"), "Cache-Status"));
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=too-large", header(http.get("big"), "Cache-Status"));
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=vetoed", header(http.get("vetoed"), "Cache-Status"));
        assertEquals(3, http.count("with-cookie"));
        assertEquals(3, http.count("missing"));
        assertEquals(3, http.count("big"));
        assertTrue(http.get("big").body().length() > 5000, "an unstored large body still reaches the client whole");
    }

    @Test
    void head_isAnsweredFromTheGetEntry_butNeverFillsIt() {
        HttpResponse<String> headFirst = http.send("HEAD", "items/head");
        assertEquals(200, headFirst.statusCode());
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=head", header(headFirst, "Cache-Status"));

        http.get("items/head");
        HttpResponse<String> headHit = http.send("HEAD", "items/head");
        assertTrue(header(headHit, "Cache-Status").contains("hit"), header(headHit, "Cache-Status"));
        assertEquals("", headHit.body());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse("<none>");
    }

    private static RedisProcess redis() {
        return SharedRedis.get();
    }

    private static RedisNames names() {
        return new RedisNames(redis(), PREFIX);
    }

    private static List<String> keys() {
        String reply = redis().command("KEYS", names().resourcePattern());
        return reply == null || reply.isEmpty() ? List.of() : Arrays.asList(reply.split("\n"));
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
