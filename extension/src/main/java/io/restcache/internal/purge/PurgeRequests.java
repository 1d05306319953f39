package io.restcache.internal.purge;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The request shapes of the built-in purgers, as pure functions of their settings and the keys. */
final class PurgeRequests {

    /** Fastly: "up to 256 surrogate keys can be purged in one batch request". */
    static final int FASTLY_MAX_KEYS = 256;
    /** Cloudflare: 30 tags per purge call on every plan that has purge by tag (more on some). */
    static final int CLOUDFLARE_MAX_TAGS = 30;
    /** Keys per Varnish PURGE: the request header stays well under Varnish's 8 KB header limit. */
    static final int VARNISH_MAX_KEYS = 200;

    private PurgeRequests() {
    }

    /**
     * varnish-modules xkey: {@code PURGE /} with the keys, space-separated, in an {@code xkey} header, to
     * every host; the VCL calls {@code xkey.purge(req.http.xkey)} (see the README's VCL).
     */
    static List<PurgeRequest> varnish(List<URI> hosts, Set<String> keys) {
        List<PurgeRequest> requests = new ArrayList<>();
        for (URI host : hosts) {
            requests.add(new PurgeRequest("PURGE", host.resolve("/"), Map.of("xkey", String.join(" ", sorted(keys))), ""));
        }
        return requests;
    }

    /** Fastly's batch surrogate-key purge: {@code POST /service/<id>/purge} with a JSON body. */
    static List<PurgeRequest> fastly(URI endpoint, String serviceId, String token, Set<String> keys) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Fastly-Key", token);
        headers.put("Accept", "application/json");
        headers.put("Content-Type", "application/json");
        return List.of(new PurgeRequest("POST", under(endpoint, "/service/" + serviceId + "/purge"), headers,
                "{\"surrogate_keys\":" + PurgeRequest.jsonStrings(sorted(keys)) + "}"));
    }

    /** Cloudflare's purge by tag: {@code POST /zones/<zone id>/purge_cache} with {@code {"tags": [...]}}. */
    static List<PurgeRequest> cloudflare(URI endpoint, String zoneId, String token, Set<String> keys) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("Content-Type", "application/json");
        return List.of(new PurgeRequest("POST", under(endpoint, "/zones/" + zoneId + "/purge_cache"), headers,
                "{\"tags\":" + PurgeRequest.jsonStrings(sorted(keys)) + "}"));
    }

    /** The API root's path plus {@code path} (an endpoint may carry a path, as Cloudflare's {@code /client/v4}). */
    private static URI under(URI endpoint, String path) {
        String base = endpoint.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private static List<String> sorted(Set<String> keys) {
        return List.copyOf(new TreeSet<>(keys));
    }
}
