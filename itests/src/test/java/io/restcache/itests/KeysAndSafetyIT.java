package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.SharedRedis;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keys, per-user safety and HTTP semantics, as a security review would check them: no cross-user data
 * while per-user entries really are served from the cache, access control on hits, storability rules,
 * conditional requests and content codings.
 */
@ExtendWith(ArquillianExtension.class)
class KeysAndSafetyIT {

    private static final HttpClient RAW = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @ArquillianResource
    URL base;

    private Http http;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("safety", Map.of(
                "restcache.redis.address", SharedRedis.get().address(),
                "restcache.key-prefix", "safety:"), TestApplication.class.getPackage());
    }

    @BeforeEach
    void client() {
        http = new Http(base).awaitCacheReady();
    }

    @Test
    void twentyUsersInterleaving_neverSeeAnotherUsersBody_andAreServedFromTheCache() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            users.add("user" + i);
        }
        http.get("items/common");       // concurrent first misses would each run the method: fill it first
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<String>> results = new ArrayList<>();
                for (String user : users) {
                    results.add(pool.submit(() -> {
                        HttpResponse<String> me = http.get("me", "Authorization", "Bearer " + user);
                        HttpResponse<String> shared = http.get("items/common");
                        assertTrue(me.body().contains("\"user\":\"" + user + "\""), user + " got " + me.body());
                        assertEquals(200, shared.statusCode());
                        return header(me, "Cache-Status");
                    }));
                }
                for (Future<String> r : results) {
                    String status = r.get();
                    if (round > 0) {
                        assertTrue(status.contains("hit"), "round " + round + ": " + status);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, http.count("me"), "one computation per user, every later request a hit");
        assertEquals(1, http.count("item-common"));
    }

    @Test
    void roleProtectedMethod_onAHit_stillRefusesACallerWithoutTheRole() {
        HttpResponse<String> admin = http.get("safety/admin-report", "Authorization", "Bearer admin-ann");
        HttpResponse<String> adminAgain = http.get("safety/admin-report", "Authorization", "Bearer admin-bo");
        String etag = header(admin, "ETag");

        HttpResponse<String> user = http.get("safety/admin-report", "Authorization", "Bearer mallory");
        HttpResponse<String> userConditional = http.get("safety/admin-report", "Authorization", "Bearer mallory",
                "If-None-Match", etag);
        HttpResponse<String> anonymous = http.get("safety/admin-report");

        assertEquals(200, admin.statusCode());
        assertTrue(header(adminAgain, "Cache-Status").contains("hit"), "admins share the entry");
        // whoever enforces the roles (a server filter before the lookup, or the method's interceptor after
        // restcache handed the request over), the answer is the container's refusal, never the cached 200
        assertEquals(403, user.statusCode());
        assertFalse(user.body().contains("secret"));
        assertFalse(header(user, "Cache-Status").contains("hit"));
        assertEquals(403, userConditional.statusCode());
        assertTrue(anonymous.statusCode() == 401 || anonymous.statusCode() == 403, "anonymous: " + anonymous.statusCode());
        assertFalse(anonymous.body().contains("secret"));
        assertEquals(1, http.count("admin-report"));
    }

    @Test
    void sharedMethodThatReadsTheCallersIdentity_isNeverStored() {
        HttpResponse<String> alice = http.get("safety/greeting", "Authorization", "Bearer alice");
        HttpResponse<String> bob = http.get("safety/greeting", "Authorization", "Bearer bob");

        assertTrue(alice.body().contains("alice"));
        assertTrue(bob.body().contains("bob"), "bob must not get alice's greeting: " + bob.body());
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=identity-read", header(alice, "Cache-Status"));
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=identity-read", header(bob, "Cache-Status"));
    }

    @Test
    void varyByHeader_oneEntryPerNormalisedLanguage_andVaryIsSent() {
        HttpResponse<String> enUs = http.get("safety/language", "Accept-Language", "en-US");
        HttpResponse<String> enUsLower = http.get("safety/language", "Accept-Language", "en-us");
        HttpResponse<String> de = http.get("safety/language", "Accept-Language", "de");
        HttpResponse<String> none = http.get("safety/language");

        assertTrue(header(enUsLower, "Cache-Status").contains("hit"), "language tags are case-insensitive");
        assertTrue(de.body().contains("\"language\":\"de\""), de.body());
        assertTrue(none.body().contains("\"language\":\"null\""), none.body());
        assertTrue(header(enUs, "Vary").contains("Accept-Language"), header(enUs, "Vary"));
        assertEquals(3, http.count("language"));
    }

    @Test
    void keyContributor_separatesTenants() {
        http.get("safety/tenant", "X-Tenant", "acme");
        HttpResponse<String> globex = http.get("safety/tenant", "X-Tenant", "globex");
        HttpResponse<String> acmeAgain = http.get("safety/tenant", "X-Tenant", "acme");

        assertTrue(globex.body().contains("globex"), globex.body());
        assertTrue(acmeAgain.body().contains("acme"), acmeAgain.body());
        assertTrue(header(acmeAgain, "Cache-Status").contains("hit"));
        assertEquals(2, http.count("tenant"));
    }

    @Test
    void responseVaryingOnAHeaderTheKeyDoesNotCover_isNotStored() {
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=vary-uncovered", header(http.get("safety/vary-uncovered"),
                "Cache-Status"));
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=vary-uncovered", header(http.get("safety/vary-uncovered"),
                "Cache-Status"));
    }

    @Test
    void getWithABody_bypassesTheCache() throws Exception {
        HttpRequest withBody = HttpRequest.newBuilder(uri("items/with-body"))
                .method("GET", HttpRequest.BodyPublishers.ofString("{\"filter\":1}")).build();
        HttpResponse<String> response = RAW.send(withBody, HttpResponse.BodyHandlers.ofString());
        assertEquals("restcache; fwd=bypass; fwd-status=200; detail=request-body", header(response, "Cache-Status"));
    }

    @Test
    void gzipAndIdentityClients_shareOneStoredEntry_eachGetsItsCodingAndETag() throws Exception {
        HttpResponse<byte[]> gzipMiss = raw("safety/compressible", "Accept-Encoding", "gzip");
        HttpResponse<byte[]> identityHit = raw("safety/compressible");
        HttpResponse<byte[]> gzipHit = raw("safety/compressible", "Accept-Encoding", "gzip, br");

        assertEquals("gzip", header(gzipMiss, "Content-Encoding"));
        assertEquals("gzip", header(gzipHit, "Content-Encoding"));
        assertFalse(identityHit.headers().firstValue("Content-Encoding").isPresent());
        String identity = new String(identityHit.body(), StandardCharsets.UTF_8);
        assertTrue(identity.startsWith("{\"run\":1,"), identity.substring(0, 20));
        assertArrayEquals(identityHit.body(), gunzip(gzipMiss.body()));
        assertArrayEquals(identityHit.body(), gunzip(gzipHit.body()));
        assertTrue(gzipHit.body().length * 4 < identityHit.body().length, "the gzip representation is compressed");
        String identityTag = header(identityHit, "ETag");
        String gzipTag = header(gzipHit, "ETag");
        assertEquals(header(gzipMiss, "ETag"), gzipTag);
        assertEquals(identityTag.substring(0, identityTag.length() - 1) + "-gzip\"", gzipTag);
        assertTrue(header(identityHit, "Vary").contains("Accept-Encoding"));
        assertEquals(304, raw("safety/compressible", "Accept-Encoding", "gzip", "If-None-Match", gzipTag).statusCode());
        assertEquals(200, raw("safety/compressible", "If-None-Match", gzipTag).statusCode(),
                "the gzip tag does not validate the identity representation");
        assertEquals(1, http.count("compressible"));
    }

    @Test
    void ifModifiedSince_withoutIfNoneMatch_isEvaluatedAgainstTheStoredTime() {
        http.get("items/ims");
        DateTimeFormatter format = DateTimeFormatter.RFC_1123_DATE_TIME;
        String future = format.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        String past = format.format(ZonedDateTime.now(ZoneOffset.UTC).minusDays(1));

        assertEquals(304, http.get("items/ims", "If-Modified-Since", future).statusCode());
        assertEquals(200, http.get("items/ims", "If-Modified-Since", past).statusCode());
        assertEquals(200, http.get("items/ims", "If-Modified-Since", "not a date").statusCode());
        assertEquals(200, http.get("items/ims", "If-None-Match", "\"other\"", "If-Modified-Since", future).statusCode(),
                "If-None-Match takes precedence over If-Modified-Since");
        assertEquals(1, http.count("item-ims"));
    }

    @Test
    void ifMatchAndRange_areLeftToTheMethod() {
        http.get("items/range");
        assertEquals("restcache; fwd=bypass; fwd-status=200; detail=conditional", header(http.get("items/range", "If-Match", "\"x\""),
                "Cache-Status"));
        assertEquals("restcache; fwd=bypass; fwd-status=200; detail=conditional", header(http.get("items/range", "Range", "bytes=0-10"),
                "Cache-Status"));
    }

    @Test
    void clientNoCache_isIgnoredByDefault_protectingTheOrigin() {
        http.get("items/nocache");
        HttpResponse<String> noCache = http.get("items/nocache", "Cache-Control", "no-cache");
        assertTrue(header(noCache, "Cache-Status").contains("hit"));
        assertEquals(1, http.count("item-nocache"));
    }

    private HttpResponse<byte[]> raw(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return RAW.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        String b = base.toExternalForm();
        return URI.create((b.endsWith("/") ? b : b + "/") + path);
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("<none>");
    }
}
