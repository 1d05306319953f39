package io.restcache.runtime;

import io.restcache.ResponseCache;
import io.restcache.key.CacheKey;
import io.restcache.key.KeyRequest;
import io.restcache.policy.CachePolicy;
import io.restcache.policy.RouteTemplate;
import io.restcache.store.TagRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The injectable {@link ResponseCache}. Each call waits for Redis to confirm the drop, at most
 * {@code restcache.invalidation.timeout}; past it the drop goes on in the background, retried until it
 * succeeds.
 */
@ApplicationScoped
public class DefaultResponseCache implements ResponseCache {

    @Inject
    RestCacheRuntime runtime;

    @Override
    public void invalidateTags(String... tags) {
        Set<TagRef> refs = Arrays.stream(tags).map(TagRef::tag).collect(Collectors.toSet());
        run(new Invalidation.Indexed(refs));
    }

    @Override
    public void invalidate(String path) {
        run(new Invalidation.Indexed(Set.of(TagRef.path(RouteTemplate.normalizePath(path)))));
    }

    @Override
    public void invalidateResource(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = RouteTemplate.normalizePath(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
        Map<String, List<String>> query = parseQuery(q < 0 ? "" : pathAndQuery.substring(q + 1));
        Set<String> resourceIds = new HashSet<>();
        for (CachePolicy policy : runtime.policies()) {
            if (policy.perUser()) {
                continue;
            }
            policy.template().match(path).ifPresent(params -> resourceIds.add(
                    key(policy, params, query, Map.of()).resourceId()));
        }
        if (!resourceIds.isEmpty()) {
            run(new Invalidation.Resources(resourceIds));
        }
    }

    @Override
    public void invalidateVariant(String path, Map<String, String> variant) {
        String normalized = RouteTemplate.normalizePath(path);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        variant.forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), List.of(value)));
        Set<String> fields = new HashSet<>();
        for (CachePolicy policy : runtime.policies()) {
            policy.template().match(normalized).ifPresent(params -> fields.add(
                    key(policy, params, Map.of(), headers).variantField()));
        }
        if (!fields.isEmpty()) {
            run(new Invalidation.Variants(TagRef.path(normalized), fields));
        }
    }

    @Override
    public void invalidateUser(String principalName) {
        run(new Invalidation.Users(Set.of(principalName)));
    }

    @Override
    public void invalidateAll() {
        run(new Invalidation.Everything());
    }

    private CacheKey key(CachePolicy policy, Map<String, List<String>> pathParams, Map<String, List<String>> query,
            Map<String, List<String>> headers) {
        KeyRequest request = new KeyRequest(policy.route(), pathParams, query,
                policy.perUser() ? Optional.of("") : Optional.empty(), headers, Map.of(), Map.of());
        return runtime.keys().build(policy.keySpec(), request, runtime.generation());
    }

    private void run(Invalidation invalidation) {
        runtime.invalidations().submitAndWait(invalidation, runtime.settings().invalidationTimeout());
    }

    /** Decodes a query string into parameters with their values in order, as JAX-RS does. */
    static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
