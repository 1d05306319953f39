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
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP caching as the RFCs say it (9110, 9111, 9211, 9213), where it only shows in a server: what the
 * method's own headers (and the application's response filters) make of storability and freshness, and
 * what every response of a cached method carries. Each test uses its own paths.
 */
@ExtendWith(ArquillianExtension.class)
class HttpRulesIT {

    @ArquillianResource
    URL base;

    private Http http;

    @Deployment(testable = false)
    static WebArchive deployment() {
        RedisProcess redis = SharedRedis.get();
        return Deployments.war("httprules", Map.of(
                "restcache.redis.address", redis.address(),
                "restcache.key-prefix", "http:"), TestApplication.class.getPackage());
    }

    @BeforeEach
    void client() {
        http = new Http(base).awaitCacheReady();
    }

    private HttpResponse<String> cc(String name, String cacheControl, String... headers) {
        return http.get("http/cc/" + name + "?cc=" + URLEncoder.encode(cacheControl, StandardCharsets.UTF_8), headers);
    }

    /** Regression: a response's no-cache was stored and served without revalidation. */
    @Test
    void noCache_inAnyCase_withOrWithoutFieldNames_isNeverServedFromTheCache() {
        String[] variants = {"no-cache", "max-age=60, No-Cache", "no-cache=\"X-Secret\""};
        for (int i = 0; i < variants.length; i++) {
            String name = "nocache" + i;
            HttpResponse<String> first = cc(name, variants[i]);
            HttpResponse<String> second = cc(name, variants[i]);
            assertEquals("restcache; fwd=miss; fwd-status=200; detail=no-cache", header(second, "Cache-Status"), variants[i]);
            assertEquals(2, http.count("http-" + name), variants[i]);
            assertFalse(first.body().equals(second.body()));
        }
    }

    /** Regression: the method's max-age was ignored; the entry lived for the annotation's 60 s. */
    @Test
    void maxAge_shorterThanTheTtl_shortensTheEntry() {
        assertTrue(header(cc("maxage", "max-age=1"), "Cache-Status").endsWith("stored"));
        String hit = header(cc("maxage", "max-age=1"), "Cache-Status");
        // a hit says at most 1 s of freshness left (the annotation alone would say 59); a slow machine may miss
        assertTrue(hit.matches("restcache; hit; ttl=[01]; detail=.*") || hit.contains("fwd=miss"), hit);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> header(cc("maxage", "max-age=1"), "Cache-Status").contains("fwd="));
    }

    @Test
    void sMaxAgeZero_andAnInvalidExpires_areNotStored() {
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=not-fresh", header(cc("smaxage0", "s-maxage=0"), "Cache-Status"));
        HttpResponse<String> expired = http.get("http/header/expires0?h=Expires&v=0");
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=not-fresh", header(expired, "Cache-Status"));
    }

    /** Origin-driven mode: the response's max-age outlives the annotation's TTL, which is the default. */
    @Test
    void originDriven_theResponsesMaxAgeDecides() {
        assertTrue(header(http.get("http/origin/long?cc=max-age%3D600"), "Cache-Status").endsWith("stored"));
        String hit = header(http.get("http/origin/long?cc=max-age%3D600"), "Cache-Status");
        assertTrue(hit.matches("restcache; hit; ttl=(59\\d|600); detail=.*"), "600 s, not the 2 s TTL: " + hit);
        http.get("http/origin/default");
        String defaulted = header(http.get("http/origin/default"), "Cache-Status");
        assertTrue(defaulted.matches("restcache; hit; ttl=[012]; detail=.*") || defaulted.contains("fwd="), defaulted);
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=not-fresh",
                header(http.get("http/origin/zero?cc=max-age%3D0"), "Cache-Status"));
    }

    /** must-revalidate forbids the stale-while-revalidate window the annotation allows. */
    @Test
    void mustRevalidate_forbidsServingStale() {
        cc("mustreval", "max-age=1, must-revalidate");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String status = header(cc("mustreval", "max-age=1, must-revalidate"), "Cache-Status");
            assertFalse(status.contains("stale-while-revalidate"), status);
            return status.contains("fwd=");
        });
    }

    /** RFC 9213-style: the field addressed to restcache steers it alone and never leaves the server. */
    @Test
    void restcacheField_isObeyed_andRemoved() {
        HttpResponse<String> first = http.get("http/header/targeted?h=Restcache-Cache-Control&v=no-store");
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=no-store", header(first, "Cache-Status"));
        assertEquals("<none>", header(first, "Restcache-Cache-Control"));
    }

    /** CDN-Cache-Control is addressed to CDNs: not obeyed unless configured, always passed on. */
    @Test
    void cdnCacheControl_isPassedThrough_andNotObeyedByDefault() {
        HttpResponse<String> first = http.get("http/header/cdn?h=CDN-Cache-Control&v=no-store");
        HttpResponse<String> second = http.get("http/header/cdn?h=CDN-Cache-Control&v=no-store");
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", header(first, "Cache-Status"));
        assertTrue(header(second, "Cache-Status").startsWith("restcache; hit"), header(second, "Cache-Status"));
        assertEquals("no-store", header(first, "CDN-Cache-Control"));
        assertEquals("no-store", header(second, "CDN-Cache-Control"));
    }

    /** Regression: a Vary: * on a second line was lost; names already present were appended again. */
    @Test
    void vary_overSeveralLines_isReadWhole_andNamesEachOnce() {
        HttpResponse<String> star = http.get("http/vary/star?second=*");
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=vary-star", header(star, "Cache-Status"));
        assertEquals(List.of("*"), star.headers().allValues("Vary"));

        HttpResponse<String> names = http.get("http/vary/names?second=Accept-Encoding");
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", header(names, "Cache-Status"));
        assertEquals(List.of("Accept-Language, Accept-Encoding"), names.headers().allValues("Vary"));
    }

    /** Regression: hits and 304s carried no Date (Payara sends none; the stored one was dropped). */
    @Test
    void date_isOnEveryResponse_andHitsCarryTheStoredOne() {
        HttpResponse<String> miss = http.get("http/header/dated?h=X-Any&v=1");
        String date = header(miss, "Date");
        assertTrue(date.endsWith(" GMT"), date);
        HttpResponse<String> hit = http.get("http/header/dated?h=X-Any&v=1");
        assertTrue(header(hit, "Cache-Status").contains("hit"), header(hit, "Cache-Status"));
        assertEquals(List.of(date), hit.headers().allValues("Date"));
        HttpResponse<String> notModified = http.get("http/header/dated?h=X-Any&v=1", "If-None-Match", header(hit, "ETag"));
        assertEquals(304, notModified.statusCode());
        assertEquals(List.of(date), notModified.headers().allValues("Date"));
    }

    /** Regression: an upstream Age was ignored, and its Cache-Status member overwritten. */
    @Test
    void proxiedResponse_ageAddsUp_andUpstreamCacheStatusIsKept() {
        HttpResponse<String> miss = http.get("http/proxied");
        assertEquals("Upstream; hit; ttl=500, restcache; fwd=miss; fwd-status=200; stored", header(miss, "Cache-Status"));
        HttpResponse<String> hit = http.get("http/proxied");
        assertTrue(Long.parseLong(header(hit, "Age")) >= 100, header(hit, "Age"));
        assertTrue(header(hit, "Cache-Status").matches("restcache; hit; ttl=(49\\d|500); detail=.*"),
                "600 s of freshness minus the 100 s used upstream: " + header(hit, "Cache-Status"));
    }

    /** Regression: a stored 404 answered If-None-Match: * with a 304 (RFC 9110 §13.2.1: only for 2xx). */
    @Test
    void storedNon2xx_isNeverA304() {
        http.get("http/gone");
        HttpResponse<String> conditional = http.get("http/gone", "If-None-Match", "*");
        assertTrue(header(conditional, "Cache-Status").contains("hit"), header(conditional, "Cache-Status"));
        assertEquals(404, conditional.statusCode());
        assertEquals(1, http.count("http-gone"));
    }

    /** Regression: per-user responses went out without private whenever the cache was bypassed. */
    @Test
    void perUserMethod_bypassed_stillSaysPrivate() {
        HttpResponse<String> conditional = http.get("me", "Authorization", "Bearer alice", "If-Match", "\"x\"");
        assertEquals("private", header(conditional, "Cache-Control"));
        assertEquals("restcache; fwd=bypass; fwd-status=200; detail=conditional", header(conditional, "Cache-Status"));
    }

    /** Regression: storability was decided before the application's response filters at the default priority. */
    @Test
    void headersAddedByApplicationFilters_decideStorability() {
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=set-cookie",
                header(http.get("http/filtered/set-cookie"), "Cache-Status"));
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=no-store",
                header(http.get("http/filtered/no-store"), "Cache-Status"));
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=vary-uncovered",
                header(http.get("http/filtered/vary"), "Cache-Status"));
        http.get("http/filtered/set-cookie");
        assertEquals(2, http.count("http-filtered-set-cookie"));
    }

    @Test
    void setCookie2_isNotStored() {
        assertEquals("restcache; fwd=miss; fwd-status=200; detail=set-cookie",
                header(http.get("http/header/cookie2?h=Set-Cookie2&v=a%3D1"), "Cache-Status"));
    }

    /** Regression: RFC 9111 §4.4 and @InvalidateTags fired after 2xx only, not after a 303 See Other. */
    @Test
    void writeAnsweredWithARedirect_dropsItsTargetAndTags() {
        http.get("http/tagged/7");
        assertTrue(header(http.get("http/tagged/7"), "Cache-Status").contains("hit"));
        assertEquals(303, http.send("POST", "http/tagged/7").statusCode());
        assertTrue(header(http.get("http/tagged/7"), "Cache-Status").contains("fwd=miss"));

        cc("redirected", "public");
        assertTrue(header(cc("redirected", "public"), "Cache-Status").contains("hit"));
        assertEquals(303, http.send("POST", "http/cc/redirected").statusCode());
        assertTrue(header(cc("redirected", "public"), "Cache-Status").contains("fwd=miss"));
    }

    /** Regression: If-Modified-Since in the RFC 850 and asctime formats was ignored. */
    @Test
    void ifModifiedSince_inObsoleteFormats_gives304() {
        http.get("http/header/ims?h=X-Any&v=1");
        assertEquals(304, http.get("http/header/ims?h=X-Any&v=1", "If-Modified-Since", "Friday, 31-Dec-60 23:59:59 GMT")
                .statusCode());
        assertEquals(304, http.get("http/header/ims?h=X-Any&v=1", "If-Modified-Since", "Fri Dec 31 23:59:59 2060")
                .statusCode());
    }

    /** Regression: Accept was neither keyed nor in Vary without @Produces, or across methods of one path. */
    @Test
    void negotiatedMethods_varyByAccept() {
        assertTrue(header(http.get("http/any-type", "Accept", "text/plain"), "Vary").contains("Accept"));
        HttpResponse<String> json = http.get("http/negotiated", "Accept", "application/json");
        HttpResponse<String> text = http.get("http/negotiated", "Accept", "text/plain");
        assertTrue(json.body().startsWith("{"), json.body());
        assertTrue(text.body().startsWith("run"), text.body());
        for (HttpResponse<String> r : List.of(json, text)) {
            assertTrue(List.of(header(r, "Vary").split(",\\s*")).contains("Accept"), header(r, "Vary"));
        }
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse("<none>");
    }
}
