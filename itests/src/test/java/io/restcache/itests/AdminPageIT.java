package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.app.CachedResource;
import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.HeadlessChromium;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.SharedRedis;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin page ({@code restcache/ui}) as a person sees it: rendered by a real headless Chromium, its
 * script run, its DOM read back and compared with what {@code restcache/stats} says; a screenshot is kept
 * in {@code target/admin-ui.png} as evidence.
 */
@ExtendWith(ArquillianExtension.class)
class AdminPageIT {

    private static final String ADMIN = "Bearer admin-ann";

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("adminpage", Map.of(
                "restcache.redis.address", SharedRedis.get().address(),
                "restcache.admin.enabled", "true",
                "restcache.admin.role", "admin",
                "restcache.key-prefix", "adminpage:"), TestApplication.class.getPackage());
    }

    @Test
    void thePage_rendersTheNodesCountersAndTheHitRatioPerRoute_asStatsSaysThem() throws Exception {
        Http http = new Http(base).awaitCacheReady();
        assertEquals(403, http.get("restcache/ui").statusCode(), "the page needs the admin role, as the API does");
        assertEquals(403, http.get("restcache/ui", "Authorization", "Bearer not-an-admin").statusCode());
        http.get("items/page-a");
        http.get("items/page-a");
        http.get("items/page-a");
        String stats = http.get("restcache/stats", "Authorization", ADMIN).body();

        Path target = Path.of(System.getProperty("restcache.itest.workdir", "target"));
        try (HeadlessChromium chromium = HeadlessChromium.start(target.resolve("tmp"))) {
            chromium.extraHeaders(Map.of("Authorization", ADMIN));
            chromium.open(base.toExternalForm() + (base.toExternalForm().endsWith("/") ? "" : "/") + "restcache/ui");
            boolean loaded = chromium.waitFor("document.body && document.body.getAttribute('data-loaded')", "true",
                    Duration.ofSeconds(20));
            Path png = target.resolve("admin-ui.png");
            chromium.screenshot(png);
            assertTrue(loaded, "the page's script read the stats: " + chromium.evaluate("document.body.innerText"));
            assertTrue(Files.size(png) > 1_000, "a screenshot was taken");

            assertEquals(field(stats, "node"), chromium.evaluate("document.getElementById('node').textContent"));
            assertEquals("connected", chromium.evaluate("document.getElementById('redis').textContent"));
            String route = CachedResource.class.getName() + "#item /items/{id}";
            String row = chromium.evaluate("Array.from(document.querySelectorAll('#routes tbody tr'))"
                    + ".map(r => Array.from(r.cells).map(c => c.textContent).join('|'))"
                    + ".find(t => t.startsWith(" + quoted(route) + ")) || ''");
            Matcher counts = Pattern.compile("\"route\":\"" + Pattern.quote(route)
                    + "\",\"answeredByTheCache\":(\\d+),\"forwarded\":(\\d+)").matcher(stats);
            assertTrue(counts.find(), stats);
            long cached = Long.parseLong(counts.group(1));
            long forwarded = Long.parseLong(counts.group(2));
            assertTrue(cached >= 2 && forwarded >= 1, stats);
            assertEquals(route + "|" + cached + "|" + forwarded + "|"
                    + String.format(java.util.Locale.ROOT, "%.1f %%", 100.0 * cached / (cached + forwarded)), row);
            String near = chromium.evaluate("Array.from(document.querySelectorAll('#sources tbody tr'))"
                    + ".map(r => r.cells[0].textContent + '=' + r.cells[1].textContent).join(',')");
            assertTrue(List.of(near.split(",")).contains("near=" + counter(stats, "hit.near")), near + " vs " + stats);
            assertTrue(chromium.evaluate("document.getElementById('hit-ratio').textContent").endsWith("%"));
        }
    }

    /** "What is stored for this path?" and "how would this request be keyed?", checked against Redis itself. */
    @Test
    void theInspector_listsWhatRedisHoldsForAPath_andKeysARequestWithoutShowingItsValues() throws Exception {
        Http http = new Http(base).awaitCacheReady();
        assertEquals(403, http.get("restcache/inspect?path=/keyspace/flavour").statusCode());
        http.get("keyspace/flavour", "X-Flavour", "secret-vanilla");
        http.get("keyspace/flavour", "X-Flavour", "secret-vanilla");       // a near hit: present on this node
        http.get("keyspace/flavour", "X-Flavour", "secret-chocolate");
        String stored = http.get("restcache/inspect?path=/keyspace/flavour", "Authorization", ADMIN).body();
        String resourceKey = field(stored, "resourceKey");
        Matcher fields = Pattern.compile("\\{\"field\":\"([^\"]+)\",\"status\":200").matcher(stored);
        List<String> listed = new java.util.ArrayList<>();
        while (fields.find()) {
            listed.add(fields.group(1));
        }
        assertEquals(2, listed.size(), "one variant per flavour: " + stored);
        for (String f : listed) {
            assertEquals("1", SharedRedis.get().command("HEXISTS", resourceKey, f), "listed and in Redis: " + f);
        }
        assertEquals("2", SharedRedis.get().command("HLEN", resourceKey), "and nothing else is: " + stored);
        assertTrue(stored.contains("\"nearOnThisNode\":true"), stored);

        String keyed = http.get("restcache/key?path=/keyspace/flavour", "Authorization", ADMIN,
                "X-Flavour", "secret-vanilla").body();
        assertEquals(resourceKey, field(keyed, "resourceKey"));
        assertTrue(listed.contains(field(keyed, "variantField")), "the request lands in a listed variant: " + keyed);
        assertTrue(keyed.contains("\"x-flavour\":\"sha256:"), keyed);
        assertTrue(!keyed.contains("secret-vanilla") && !stored.contains("secret-"), "values are never shown: " + keyed);

        Path target = Path.of(System.getProperty("restcache.itest.workdir", "target"));
        try (HeadlessChromium chromium = HeadlessChromium.start(target.resolve("tmp"))) {
            chromium.extraHeaders(Map.of("Authorization", ADMIN));
            chromium.open(base.toExternalForm() + (base.toExternalForm().endsWith("/") ? "" : "/") + "restcache/ui");
            assertTrue(chromium.waitFor("document.body && document.body.getAttribute('data-loaded')", "true",
                    Duration.ofSeconds(20)));
            chromium.evaluate("document.getElementById('inspect-path').value = '/keyspace/flavour';"
                    + "document.querySelector('#inspect-form button').click(); ''");
            boolean inspected = chromium.waitFor("document.body.getAttribute('data-inspected')", "/keyspace/flavour",
                    Duration.ofSeconds(20));
            chromium.screenshot(target.resolve("admin-ui-inspector.png"));
            assertTrue(inspected, chromium.evaluate("document.body.innerText"));
            String rows = chromium.evaluate("Array.from(document.querySelectorAll('#inspect tbody tr'))"
                    + ".map(r => r.cells[1].textContent).sort().join(',')");
            assertEquals(listed.stream().sorted().collect(java.util.stream.Collectors.joining(",")), rows);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    private static String counter(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\\d+)").matcher(json);
        return m.find() ? m.group(1) : "0";
    }

    private static String quoted(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
