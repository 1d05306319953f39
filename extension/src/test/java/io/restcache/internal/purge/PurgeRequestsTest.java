package io.restcache.internal.purge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The built-in purgers' requests against requests recorded from each API's public documentation. */
class PurgeRequestsTest {

    @Test
    void fastly_bulkPurge_isTheDocumentedRequest() throws IOException {
        List<PurgeRequest> built = PurgeRequests.fastly(URI.create("https://api.fastly.com"), "SU1Z0isxPaozGVKXdv0eY",
                "YOUR_FASTLY_TOKEN", Set.of("key_3", "key_1", "key_2"));
        assertEquals(1, built.size());
        assertSame(recorded("fastly-bulk-purge.http"), built.get(0));
    }

    @Test
    void cloudflare_purgeByTag_isTheDocumentedRequest() throws IOException {
        List<PurgeRequest> built = PurgeRequests.cloudflare(URI.create("https://api.cloudflare.com/client/v4"),
                "023e105f4ecef8ad9ca31a8372d0c353", "CLOUDFLARE_API_TOKEN", Set.of("another-cache-tag", "a-cache-tag"));
        assertEquals(1, built.size());
        assertSame(recorded("cloudflare-purge-tags.http"), built.get(0));
    }

    @Test
    void varnish_purge_goesToEveryHostWithTheKeysInOneXkeyHeader() throws IOException {
        List<PurgeRequest> built = PurgeRequests.varnish(List.of(URI.create("http://192.0.2.11:6081"),
                URI.create("http://192.0.2.12:6081/")), Set.of("234323", "166412"));
        assertEquals(2, built.size());
        assertSame(recorded("varnish-xkey-purge.http"), built.get(0));
        assertEquals(URI.create("http://192.0.2.12:6081/"), built.get(1).uri());
        assertEquals(built.get(0).headers(), built.get(1).headers());
    }

    @Test
    void jsonStrings_escapesQuotesBackslashesAndControls() {
        assertEquals("[\"a\\\"b\",\"c\\\\d\",\"e\\u0001\"]", PurgeRequest.jsonStrings(List.of("a\"b", "c\\d", "e\u0001")));
    }

    @Test
    void endpointWithTrailingSlash_keepsOneSlash() {
        assertEquals(URI.create("http://127.0.0.1:9/zones/z/purge_cache"),
                PurgeRequests.cloudflare(URI.create("http://127.0.0.1:9/"), "z", "t", Set.of("a")).get(0).uri());
    }

    private static void assertSame(PurgeRequest expected, PurgeRequest actual) {
        assertEquals(expected.method(), actual.method());
        assertEquals(expected.uri(), actual.uri());
        assertEquals(lowerNames(expected.headers()), lowerNames(actual.headers()));
        assertEquals(expected.body(), actual.body());
    }

    private static Map<String, String> lowerNames(Map<String, String> headers) {
        Map<String, String> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return lower;
    }

    /** A recorded request: comment lines, the request line, headers, a blank line, the body. */
    private static PurgeRequest recorded(String name) throws IOException {
        try (InputStream in = PurgeRequestsTest.class.getResourceAsStream("/edge/" + name)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#")).toList();
            String[] requestLine = lines.get(0).split(" ");
            Map<String, String> headers = new TreeMap<>();
            int i = 1;
            for (; i < lines.size() && !lines.get(i).isEmpty(); i++) {
                int colon = lines.get(i).indexOf(':');
                headers.put(lines.get(i).substring(0, colon), lines.get(i).substring(colon + 1).trim());
            }
            String body = String.join("\n", lines.subList(Math.min(i + 1, lines.size()), lines.size())).trim();
            return new PurgeRequest(requestLine[0], URI.create(requestLine[1]), headers, body);
        }
    }
}
