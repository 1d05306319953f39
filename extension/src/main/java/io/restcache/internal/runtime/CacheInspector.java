package io.restcache.internal.runtime;

import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.KeyRequest;
import io.restcache.internal.key.KeySpec;
import io.restcache.internal.policy.CachePolicy;
import io.restcache.internal.policy.RouteTemplate;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.TagRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Answers the two questions people ask when a cache surprises them, for the admin resource: "what is
 * stored for this path?" and "how would this request be keyed?". Values that could be secrets — header
 * and cookie values, the caller — are never shown, only a short SHA-256 of them (enough to tell two
 * requests apart) or whether they are present; the answers are maps and lists ready to be written as JSON.
 */
public final class CacheInspector {

    private static final long READ_TIMEOUT_MILLIS = 2_000;

    private final RestCacheRuntime runtime;

    public CacheInspector(RestCacheRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * For each cached method whose route matches the path: the resource it keys the path to and every
     * variant stored there (status, size, coding, age, remaining freshness, tags, {@code Vary}, and whether
     * this node's near cache holds it).
     *
     * @param pathAndQuery the path (and query) under the application, as {@code ResponseCache} takes it
     * @param origin the origin the request would come in on ({@code scheme://host:port}), for methods keyed by it
     * @param user the principal name, for per-user methods; without it, the anonymous callers' resource
     */
    public List<Map<String, Object>> stored(String pathAndQuery, String origin, Optional<String> user) {
        List<Map<String, Object>> answer = new ArrayList<>();
        long now = runtime.clock().millis();
        for (Target target : targets(pathAndQuery, origin, user, Map.of(), Map.of())) {
            Map<String, Object> resource = target.describe();
            if (target.key().isPresent()) {
                CacheKey key = target.key().get();
                List<Map<String, Object>> variants = new ArrayList<>();
                try {
                    runtime.store().variants(key.resourceKey()).toCompletableFuture()
                            .get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                            .forEach((field, entry) -> variants.add(variant(key, field, entry, now)));
                    resource.put("variants", variants);
                } catch (Exception e) {
                    resource.put("error", "Redis did not answer: " + e);
                }
            }
            answer.add(resource);
        }
        return answer;
    }

    /**
     * For each cached method whose route matches the path: the key dimensions a request with these headers
     * and cookies would have (values hashed, never shown) and the resource key and variant field it lands in.
     */
    public List<Map<String, Object>> keying(String pathAndQuery, String origin, Optional<String> user,
            Map<String, List<String>> headers, Map<String, String> cookies) {
        List<Map<String, Object>> answer = new ArrayList<>();
        for (Target target : targets(pathAndQuery, origin, user, headers, cookies)) {
            Map<String, Object> resource = target.describe();
            KeySpec spec = target.policy().keySpec();
            Map<String, Object> dimensions = new LinkedHashMap<>();
            dimensions.put("pathParameters", target.request().pathParameters());
            dimensions.put("query", spec.allQueryParameters() ? "every parameter counts"
                    : new TreeMap<>(filterKeys(target.request().queryParameters(), spec)));
            if (spec.keysAuthority()) {
                dimensions.put("origin", origin);
            }
            if (spec.varyByUser()) {
                dimensions.put("user", user.isPresent() ? "hashed (HMAC)" : "anonymous");
            }
            Map<String, String> headerValues = new LinkedHashMap<>();
            spec.varyHeaders().forEach(h -> headerValues.put(h, fingerprint(headers.get(h))));
            if (spec.negotiatesMediaType()) {
                headerValues.put("accept", fingerprint(headers.get("accept")));
            }
            dimensions.put("headers", headerValues);
            Map<String, String> cookieValues = new LinkedHashMap<>();
            spec.varyCookies().forEach(c -> cookieValues.put(c, cookies.containsKey(c) ? "present: " + fingerprint(
                    List.of(cookies.get(c))) : "absent"));
            dimensions.put("cookies", cookieValues);
            if (!spec.contributors().isEmpty()) {
                dimensions.put("contributors", spec.contributors() + " (values from the application, not shown)");
            }
            resource.put("dimensions", dimensions);
            answer.add(resource);
        }
        return answer;
    }

    /**
     * An origin as keys hold it ({@code https://Tenant-A.example/} → {@code https://tenant-a.example}).
     *
     * @throws IllegalArgumentException when it is not {@code scheme://host[:port]}
     */
    public static String origin(String origin) {
        return DefaultResponseCache.origin(origin);
    }

    private List<Target> targets(String pathAndQuery, String origin, Optional<String> user,
            Map<String, List<String>> headers, Map<String, String> cookies) {
        int q = pathAndQuery.indexOf('?');
        String path = RouteTemplate.normalizePath(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
        Map<String, List<String>> query = DefaultResponseCache.parseQuery(q < 0 ? "" : pathAndQuery.substring(q + 1));
        List<Target> targets = new ArrayList<>();
        for (CachePolicy policy : runtime.policies()) {
            Optional<Map<String, List<String>>> params = policy.template().match(path);
            if (params.isEmpty()) {
                continue;
            }
            Optional<String> userHash = Optional.empty();
            String unkeyed = null;
            if (policy.perUser()) {
                if (runtime.userHasher().isEmpty()) {
                    unkeyed = "per-user, and this node has no key secret yet";
                } else {
                    userHash = Optional.of(runtime.userHasher().get().hash(user.orElse(null)));
                }
            }
            KeyRequest request = new KeyRequest(policy.route(), params.get(), query, userHash, headers, cookies,
                    Map.of(), policy.keySpec().keysAuthority() ? Optional.of(origin) : Optional.empty());
            Optional<CacheKey> key = unkeyed != null ? Optional.empty()
                    : Optional.of(runtime.keys().build(policy.keySpec(), request, runtime.generation()));
            targets.add(new Target(policy, request, key, unkeyed));
        }
        return targets;
    }

    private Map<String, Object> variant(CacheKey resource, String field, CacheEntry entry, long now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("field", field);
        v.put("status", entry.status());
        v.put("bytes", entry.body().length);
        v.put("gzipped", entry.gzipped());
        v.put("storedAt", Instant.ofEpochMilli(entry.storedAtMillis()).toString());
        v.put("ageSeconds", entry.ageSeconds(now));
        v.put("ttlSeconds", entry.ttlSeconds(now));
        v.put("staleForSecondsMore", Math.max(0, (entry.staleUntilMillis() - Math.max(now, entry.freshUntilMillis())) / 1000));
        v.put("etag", entry.etag());
        entry.headers().stream().filter(h -> h.name().equalsIgnoreCase("Vary")).findFirst()
                .ifPresent(h -> v.put("vary", h.value()));
        List<String> tags = entry.refs().stream().filter(r -> r.kind() == TagRef.Kind.TAG).map(TagRef::value).sorted().toList();
        v.put("tags", tags);
        CacheKey key = new CacheKey(resource.generation(), resource.resourceId(), field, resource.resourceKey());
        v.put("nearOnThisNode", runtime.near().get(key, true).isPresent());
        return v;
    }

    private static Map<String, List<String>> filterKeys(Map<String, List<String>> query, KeySpec spec) {
        Map<String, List<String>> counted = new LinkedHashMap<>();
        query.forEach((name, values) -> {
            if (spec.queryNames().contains(name)) {
                counted.put(name, values);
            }
        });
        return counted;
    }

    /** "absent", or the first 8 bytes of the SHA-256 of the values: tells requests apart, shows nothing. */
    static String fingerprint(List<String> values) {
        if (values == null) {
            return "absent";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", values).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One cached method the path matches, with the key a request there has (empty when it cannot be built). */
    private record Target(CachePolicy policy, KeyRequest request, Optional<CacheKey> key, String unkeyed) {

        Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("method", policy.methodId());
            d.put("route", policy.template().toString());
            d.put("perUser", policy.perUser());
            key.ifPresent(k -> {
                d.put("resourceKey", k.resourceKey());
                d.put("variantField", k.variantField());
            });
            if (unkeyed != null) {
                d.put("notLookedUp", unkeyed);
            }
            return d;
        }
    }
}
