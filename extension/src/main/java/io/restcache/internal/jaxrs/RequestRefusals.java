package io.restcache.internal.jaxrs;

import io.restcache.internal.config.RestCacheSettings.RequestCacheControl;
import io.restcache.internal.http.CacheControl;
import io.restcache.internal.policy.CachePolicy;
import io.restcache.internal.runtime.RestCacheRuntime;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The request-side rules: whether a request may use the cache at all. Closed by default. */
final class RequestRefusals {

    /** Conditional and range requests that only the method can answer correctly (RFC 9110 §13.2.2, §14). */
    private static final List<String> METHOD_ONLY_HEADERS = List.of("if-match", "if-unmodified-since", "range",
            "if-range");

    private final CachePolicy policy;
    private final RestCacheRuntime runtime;

    RequestRefusals(CachePolicy policy, RestCacheRuntime runtime) {
        this.policy = policy;
        this.runtime = runtime;
    }

    /** Why this request must not touch the cache, if it must not. */
    Optional<String> refusal(ContainerRequestContext request) {
        if (!runtime.settings().enabled()) {
            return Optional.of("disabled");
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Optional.of("method");
        }
        MultivaluedMap<String, String> headers = request.getHeaders();
        if (hasBody(headers)) {
            return Optional.of("request-body");
        }
        for (String name : METHOD_ONLY_HEADERS) {
            if (headers.containsKey(name)) {
                return Optional.of("conditional");
            }
        }
        SecurityContext security = request.getSecurityContext();
        if (!policy.access().permits(role -> security != null && security.isUserInRole(role))) {
            // the caller may not be served this method: let the container say so, exactly as uncached
            return Optional.of("access-check");
        }
        boolean hasPrincipal = security != null && security.getUserPrincipal() != null;
        boolean hasCredentials = headers.containsKey(HttpHeaders.AUTHORIZATION);
        if (policy.perUser()) {
            if (hasCredentials && !hasPrincipal) {
                // credentials the application did not turn into a principal: we cannot tell whose they are
                return Optional.of("unidentified-caller");
            }
        } else if (!policy.shared() && (hasPrincipal || hasCredentials)) {
            return Optional.of("authenticated");
        }
        if (runtime.settings().requestCacheControl() == RequestCacheControl.HONOR
                && CacheControl.parse(headers.get(HttpHeaders.CACHE_CONTROL)).has("no-store")) {
            return Optional.of("request-no-store");
        }
        if (!runtime.store(policy).available()) {
            return Optional.of(policy.store().configName() + "-unavailable");
        }
        if (policy.perUser() && runtime.userHasher().isEmpty()) {
            return Optional.of("initializing");
        }
        return Optional.empty();
    }

    /** With {@code restcache.request-cache-control=honor}: {@code no-cache} or {@code max-age=0} skip the lookup. */
    boolean clientForbidsStoredAnswer(MultivaluedMap<String, String> headers) {
        if (runtime.settings().requestCacheControl() != RequestCacheControl.HONOR) {
            return false;
        }
        CacheControl directives = CacheControl.parse(headers.get(HttpHeaders.CACHE_CONTROL));
        if (directives.has("no-cache") || directives.seconds("max-age").filter(s -> s == 0).isPresent()) {
            return true;
        }
        List<String> pragma = headers.get("pragma");
        return !headers.containsKey(HttpHeaders.CACHE_CONTROL) && pragma != null
                && pragma.stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).contains("no-cache"));
    }

    /** A request body is announced by Transfer-Encoding or a non-zero Content-Length (RFC 9112 §6.3). */
    private static boolean hasBody(MultivaluedMap<String, String> headers) {
        if (headers.containsKey("transfer-encoding")) {
            return true;
        }
        String length = headers.getFirst("content-length");
        return length != null && !length.trim().equals("0");
    }
}
