package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.RedisProcess;
import io.restcache.itests.support.SharedRedis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The key space: per host (tenant), and bounded whatever clients send — junk query parameters, endless
 * header values, random language lists. Asserts on bodies, on how many times the method ran and on what
 * Redis holds (the path index and the resource hashes, as the README's Redis layout names them).
 */
@ExtendWith(ArquillianExtension.class)
class KeySpaceIT {

    private static final Logger LOG = Logger.getLogger(KeySpaceIT.class.getName());
    private static final String PREFIX = "keyspace:";
    private static final int MAX_VARIANTS = 16;

    @ArquillianResource
    URL base;

    private Http http;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("keyspace", Map.of(
                "restcache.redis.address", SharedRedis.get().address(),
                "restcache.key-prefix", PREFIX,
                "restcache.key.max-variants", Integer.toString(MAX_VARIANTS)), TestApplication.class.getPackage());
    }

    @BeforeEach
    void client() {
        http = new Http(base).awaitCacheReady();
    }

    /**
     * Regression: the key had no authority, so {@code Host: tenant-b} was served the entry {@code Host:
     * tenant-a} filled — a body whose links point at tenant A.
     */
    @Test
    void twoHosts_neverShareAnEntry_andEachHostsSecondRequestIsAHit() {
        int before = http.count("keyspace-links");
        Raw a1 = raw("keyspace/links", "tenant-a");
        Raw b1 = raw("keyspace/links", "tenant-b");
        Raw a2 = raw("keyspace/links", "tenant-a");
        Raw b2 = raw("keyspace/links", "tenant-b");
        Raw b80 = raw("keyspace/links", "tenant-b:80");     // the server may or may not drop the default port

        assertTrue(a1.body.contains("//tenant-a/"), a1.body);
        assertTrue(b1.body.contains("//tenant-b/"), "tenant-b must not get tenant-a's links: " + b1.body);
        assertEquals(a1.body, a2.body);
        assertEquals(b1.body, raw("keyspace/links-uncached", "tenant-b").body);
        assertTrue(b1.cacheStatus.contains("fwd=miss"), b1.cacheStatus);
        assertTrue(a2.cacheStatus.contains("hit"), a2.cacheStatus);
        assertTrue(b2.cacheStatus.contains("hit"), b2.cacheStatus);
        assertEquals(b1.body, b2.body);
        String b80Expected = raw("keyspace/links-uncached", "tenant-b:80").body;
        assertEquals(b80Expected, b80.body);
        assertEquals(new HashSet<>(List.of(a1.body, b1.body, b80Expected)).size(), http.count("keyspace-links") - before,
                "one computation per base URI the application sees");
    }

    /**
     * Regression: an absolute-form request target names its own authority, which the application sees
     * instead of the Host header; the cached body must be the one the application gives that request.
     */
    @Test
    void absoluteFormTarget_getsTheBodyTheApplicationGivesIt() {
        raw("keyspace/links", "tenant-c");                                    // fills tenant-c's entry
        String target = "http://tenant-d" + contextPath() + "keyspace/links";
        Raw absolute = rawTarget(target, "tenant-c");
        Raw expected = rawTarget("http://tenant-d" + contextPath() + "keyspace/links-uncached", "tenant-c");

        assertEquals(expected.body, absolute.body, "the cached method must answer as the application does");
        Raw again = rawTarget(target, "tenant-c");
        assertEquals(expected.body, again.body);
    }

    /** invalidate(path), the path index and so tag purges, reach every host's entries of the path. */
    @Test
    void invalidatePath_reachesEveryHostsEntries() {
        raw("keyspace/links", "tenant-e");
        raw("keyspace/links", "tenant-f");
        assertTrue(raw("keyspace/links", "tenant-e").cacheStatus.contains("hit"));

        http.send("POST", "control/path?path=/keyspace/links");

        assertTrue(raw("keyspace/links", "tenant-e").cacheStatus.contains("fwd=miss"), "tenant-e's entry");
        assertTrue(raw("keyspace/links", "tenant-f").cacheStatus.contains("fwd=miss"), "tenant-f's entry");
    }

    /**
     * invalidateResource without an origin cannot know the hosts a resource was requested under: it drops
     * the path on every host; with an origin it drops that host's resource only.
     */
    @Test
    void invalidateResource_withoutOrigin_reachesEveryHost_withOrigin_onlyThatOne() {
        raw("keyspace/search?q=res", "tenant-g");
        raw("keyspace/search?q=res", "tenant-h");

        http.send("POST", "control/resource?target=" + encode("/keyspace/search?q=res") + "&origin="
                + encode("http://tenant-g"));
        assertTrue(raw("keyspace/search?q=res", "tenant-g").cacheStatus.contains("fwd=miss"), "the named origin");
        assertTrue(raw("keyspace/search?q=res", "tenant-h").cacheStatus.contains("hit"), "another origin");

        http.send("POST", "control/resource?target=" + encode("/keyspace/search?q=res"));
        assertTrue(raw("keyspace/search?q=res", "tenant-g").cacheStatus.contains("fwd=miss"));
        assertTrue(raw("keyspace/search?q=res", "tenant-h").cacheStatus.contains("fwd=miss"));
    }

    /**
     * Regression (and the junk-parameter benchmark): every query parameter was keyed, so 10,000 requests
     * with a random unused parameter ran the method 10,000 times and stored 10,000 resources.
     */
    @Test
    void junkQueryParameters_10000Requests_neverRunTheMethodAgain() throws Exception {
        http.get("keyspace/flood?q=redis");
        int before = http.count("keyspace-flood");
        int requests = 10_000;
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> results = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String junk = "junk" + i + "=" + Long.toHexString(new Random(i).nextLong());
                results.add(pool.submit(() -> http.get("keyspace/flood?q=redis&" + junk)));
            }
            for (Future<HttpResponse<String>> r : results) {
                assertEquals("results for redis", r.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        int runs = http.count("keyspace-flood") - before;
        int stored = variantsUnder("/keyspace/flood").size();
        LOG.info(() -> "junk-parameter flood: " + requests + " requests in " + millis + " ms, method runs " + runs
                + ", stored variants under the path " + stored);
        assertEquals(0, runs, "the junk parameter is not read by the method, so it makes no new entry");
        assertEquals(1, stored, "one stored variant for q=redis");
        assertTrue(http.get("keyspace/flood?q=other").headers().firstValue("Cache-Status").orElse("")
                .contains("fwd=miss"), "a declared parameter still counts");
    }

    @Test
    void beanParamQueryParameters_countAndJunkDoesNot() {
        int before = http.count("keyspace-page");
        http.get("keyspace/page?page=1&junk=a");
        assertTrue(status(http.get("keyspace/page?page=1&junk=b")).contains("hit"));
        assertTrue(status(http.get("keyspace/page?page=2")).contains("fwd=miss"));
        assertEquals("page 2", http.get("keyspace/page?page=2").body());
        assertEquals(2, http.count("keyspace-page") - before);
    }

    /** A header with endless values cannot make one resource hold more than the variant limit. */
    @Test
    void variantLimit_boundsWhatOneResourceHolds() {
        for (int i = 0; i < 100; i++) {
            assertEquals("flavour f" + i, http.get("keyspace/flavour", "X-Flavour", "f" + i).body());
        }
        Map<String, Integer> hashes = variantsPerResource("/keyspace/flavour");
        assertEquals(1, hashes.size(), hashes.toString());
        assertEquals(MAX_VARIANTS, hashes.values().iterator().next(), "HLEN of the resource");
        assertTrue(status(http.get("keyspace/flavour", "X-Flavour", "f0")).contains("hit"), "an early variant is kept");
        HttpResponse<String> late = http.get("keyspace/flavour", "X-Flavour", "f99");
        assertEquals("flavour f99", late.body());
        assertTrue(status(late).contains("fwd=miss"), "a variant past the limit was never stored: " + status(late));
    }

    /**
     * Regression (and the language benchmark): Accept-Language was keyed as sent, so 1,000 random language
     * lists made ~956 variants. Resolved against en, de, fr they make at most four (one per language and
     * "none"), and every answer is the one the method gives for that header.
     */
    @Test
    void acceptLanguage_1000RandomLists_makeAtMostOneVariantPerSupportedLanguage() {
        String[] pool = {"en", "en-US", "en-GB", "de", "de-AT", "de-CH", "fr", "fr-CA", "it", "ja", "pt-BR", "nl",
                "zh-Hant-TW", "*"};
        Random random = new Random(42);
        Set<String> distinctHeaders = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            StringBuilder header = new StringBuilder();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                header.append(header.length() == 0 ? "" : random.nextBoolean() ? ", " : ",")
                        .append(pool[random.nextInt(pool.length)]).append(";q=0.").append(1 + random.nextInt(9));
            }
            String value = header.toString();
            distinctHeaders.add(value);
            String chosen = Locale.lookupTag(Locale.LanguageRange.parse(value), List.of("en", "de", "fr"));
            assertEquals("language " + (chosen == null ? "en (default)" : chosen),
                    http.get("keyspace/language", "Accept-Language", value).body(), value);
        }
        int runs = http.count("keyspace-language");
        Map<String, Integer> hashes = variantsPerResource("/keyspace/language");
        int variants = hashes.values().stream().mapToInt(Integer::intValue).sum();
        LOG.info(() -> "Accept-Language: 1000 requests, " + distinctHeaders.size() + " distinct headers, method runs "
                + runs + ", stored variants " + variants);
        assertTrue(variants <= 4, "variants " + variants);
        assertTrue(runs <= 4, "method runs " + runs);
    }

    // --- Redis, as the README's layout names it ---

    /** The members ("resourceId:variantField") of a path's index. */
    private List<String> variantsUnder(String path) {
        String reply = redis().command("ZRANGE", names().indexKey(io.restcache.internal.store.TagRef.path(path)), "0", "-1");
        return reply == null || reply.isEmpty() ? List.of() : List.of(reply.split("\n"));
    }

    /** HLEN of each resource hash indexed under a path. */
    private Map<String, Integer> variantsPerResource(String path) {
        Map<String, Integer> hashes = new TreeMap<>();
        for (String member : variantsUnder(path)) {
            String resource = member.substring(0, member.indexOf(':'));
            hashes.put(resource, Integer.parseInt(redis().command("HLEN",
                    names().keys().resourceKey(generation(), resource))));
        }
        return hashes;
    }

    private static RedisProcess redis() {
        return SharedRedis.get();
    }

    private static long generation() {
        return names().generation();
    }

    private static io.restcache.itests.support.RedisNames names() {
        return new io.restcache.itests.support.RedisNames(redis(), PREFIX);
    }

    // --- raw HTTP/1.1: java.net.http refuses to set Host, and cannot send an absolute-form target ---

    private record Raw(int status, String cacheStatus, String body) {
    }

    private Raw raw(String path, String host) {
        return rawTarget(contextPath() + path, host);
    }

    private Raw rawTarget(String target, String host) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Raw parse(byte[] response) throws IOException {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, headerEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String cacheStatus = "";
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("cache-status:")) {
                cacheStatus = line.substring(line.indexOf(':') + 1).trim();
            }
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        byte[] body = java.util.Arrays.copyOfRange(response, headerEnd + 4, response.length);
        return new Raw(status, cacheStatus, new String(chunked ? dechunk(body) : body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(body);
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n' && c != -1) {
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            in.readNBytes(2);
        }
    }

    /** The deployment's context path with slashes, e.g. {@code /keyspace/}. */
    private String contextPath() {
        String p = base.getPath();
        return p.endsWith("/") ? p : p + "/";
    }

    private static String status(HttpResponse<String> r) {
        return r.headers().firstValue("Cache-Status").orElse("");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
