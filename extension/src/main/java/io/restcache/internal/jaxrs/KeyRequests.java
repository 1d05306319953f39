package io.restcache.internal.jaxrs;

import io.restcache.internal.key.Authority;
import io.restcache.internal.key.KeyRequest;
import io.restcache.internal.policy.CachePolicy;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Copies, from the JAX-RS request, the parsed values a key is made of (those the method sees too). */
final class KeyRequests {

    private KeyRequests() {
    }

    /**
     * The policy's route, or — when the request reached the method through a sub-resource locator — the
     * route plus the request's path. A sub-resource class's own template is not the route as requested
     * ({@code /users/42/posts} and {@code /groups/42/posts} can reach one class, with the same {@code id}),
     * so the path the request really took joins the key. The path is already part of the key's
     * grammar as the route atom's text; a separator no path contains keeps the two apart.
     */
    static String route(CachePolicy policy, UriInfo uri) {
        if (uri.getMatchedResources().size() < 2) {
            return policy.route();
        }
        return policy.route() + SUB_RESOURCE_SEPARATOR + TemplateValues.path(uri);
    }

    /** Between the policy's route and a sub-resource request's path: a control character, never in a path. */
    private static final char SUB_RESOURCE_SEPARATOR = '\u001e';

    /** With the decoded path and query parameters the caller read (Jersey builds them anew on each call). */
    static KeyRequest from(ContainerRequestContext request, CachePolicy policy, Optional<String> userHash,
            Map<String, String> contributions, Map<String, List<String>> pathParameters,
            Map<String, List<String>> queryParameters) {
        UriInfo uri = request.getUriInfo();
        Map<String, List<String>> headers = new HashMap<>();
        MultivaluedMap<String, String> requestHeaders = request.getHeaders();
        for (String name : policy.keySpec().varyHeaders()) {
            List<String> values = requestHeaders.get(name);
            if (values != null) {
                headers.put(name, List.copyOf(values));
            }
        }
        if (policy.keySpec().negotiatesMediaType()) {
            List<String> accept = requestHeaders.get("accept");
            if (accept != null) {
                headers.put("accept", List.copyOf(accept));
            }
        }
        Map<String, String> cookies = new HashMap<>();
        if (!policy.keySpec().varyCookies().isEmpty()) {
            Map<String, Cookie> requestCookies = request.getCookies();
            for (String name : policy.keySpec().varyCookies()) {
                Cookie c = requestCookies.get(name);
                if (c != null) {
                    cookies.put(name, c.getValue());
                }
            }
        }
        // the origin as JAX-RS resolved it (Host, an absolute-form target, forwarded headers only where the
        // server is configured to trust them): exactly what the method sees in getBaseUri()
        Optional<String> authority = policy.keySpec().keysAuthority()
                ? Optional.of(Authority.of(uri.getRequestUri())) : Optional.empty();
        return new KeyRequest(route(policy, uri), pathParameters, queryParameters, userHash,
                headers, cookies, contributions, authority);
    }
}
