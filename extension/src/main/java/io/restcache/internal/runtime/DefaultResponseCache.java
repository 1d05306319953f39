package io.restcache.internal.runtime;

import io.restcache.ResponseCache;
import io.restcache.internal.key.Authority;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.KeyRequest;
import io.restcache.internal.policy.CachePolicy;
import io.restcache.internal.policy.RouteTemplate;
import io.restcache.internal.store.TagRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
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
        if (runtime.settings().keyAuthority()) {
            // one resource per origin, and the origins are not listed anywhere: the path's index reaches them all
            int q = pathAndQuery.indexOf('?');
            invalidate(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
            return;
        }
        invalidateResources(pathAndQuery, Optional.empty());
    }

    @Override
    public void invalidateResource(String origin, String pathAndQuery) {
        invalidateResources(pathAndQuery, runtime.settings().keyAuthority() ? Optional.of(origin(origin))
                : Optional.empty());
    }

    /** {@code https://tenant-a.example/} → {@code https://tenant-a.example}, as keys hold it. */
    static String origin(String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("an origin is scheme://host[:port], was '" + origin + "'");
        }
        return Authority.of(uri);
    }

    private void invalidateResources(String pathAndQuery, Optional<String> authority) {
        int q = pathAndQuery.indexOf('?');
        String path = RouteTemplate.normalizePath(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
        Map<String, List<String>> query = parseQuery(q < 0 ? "" : pathAndQuery.substring(q + 1));
        Set<String> resourceIds = new HashSet<>();
        for (CachePolicy policy : runtime.policies()) {
            if (policy.perUser()) {
                continue;
            }
            policy.template().match(path).ifPresent(params -> resourceIds.add(
                    key(policy, params, query, Map.of(), authority).resourceId()));
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
            // the variant field holds no origin, so the path's index reaches this variant on every origin
            policy.template().match(normalized).ifPresent(params -> fields.add(
                    runtime.keys().variantField(policy.keySpec(), request(policy, params, Map.of(), headers,
                            Optional.empty()))));
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
            Map<String, List<String>> headers, Optional<String> authority) {
        return runtime.keys().build(policy.keySpec(), request(policy, pathParams, query, headers, authority),
                runtime.generation());
    }

    private static KeyRequest request(CachePolicy policy, Map<String, List<String>> pathParams,
            Map<String, List<String>> query, Map<String, List<String>> headers, Optional<String> authority) {
        return new KeyRequest(policy.route(), pathParams, query,
                policy.perUser() ? Optional.of("") : Optional.empty(), headers, Map.of(), Map.of(), authority);
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
