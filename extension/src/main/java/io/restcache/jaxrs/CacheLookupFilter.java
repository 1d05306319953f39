package io.restcache.jaxrs;

import io.restcache.config.RestCacheSettings.RequestCacheControl;
import io.restcache.http.ContentCoding;
import io.restcache.key.CacheKey;
import io.restcache.key.UserHasher;
import io.restcache.policy.CachePolicy;
import io.restcache.runtime.RestCacheRuntime;
import io.restcache.store.CacheEntry;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lookup, before the method runs: decides whether this request may use the cache at all, builds the
 * key and answers from a fresh entry (200, or 304 when the client's validators match). Registered per
 * cached method, after the application's authentication and authorization filters.
 */
final class CacheLookupFilter implements ContainerRequestFilter {

    /** Conditional and range requests that only the method can answer correctly (RFC 9110 §13.2.2, §14). */
    private static final List<String> METHOD_ONLY_HEADERS = List.of("if-match", "if-unmodified-since", "range",
            "if-range");

    private final CachePolicy policy;
    private final RestCacheRuntime runtime;
    private final Contributions contributions;

    CacheLookupFilter(CachePolicy policy, RestCacheRuntime runtime, Contributions contributions) {
        this.policy = policy;
        this.runtime = runtime;
        this.contributions = contributions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        CacheExchange exchange = CacheExchange.begin(request, policy);
        Optional<String> refusal = refusal(request);
        if (refusal.isPresent()) {
            exchange.bypass(refusal.get());
            return;
        }
        Optional<String> userHash = userHash(request);
        Optional<CacheKey> key = key(request, exchange, userHash);
        if (key.isEmpty()) {
            return;
        }
        exchange.indexing(TemplateValues.path(request.getUriInfo()), userHash,
                TemplateValues.of(request.getUriInfo()));
        exchange.acceptsGzip(ContentCoding.acceptsGzip(request.getHeaders().get(HttpHeaders.ACCEPT_ENCODING)));
        if (policy.shared()) {
            request.setSecurityContext(new IdentityWatchingSecurityContext(request.getSecurityContext(), exchange));
        }
        if (clientForbidsStoredAnswer(request.getHeaders())) {
            startFill(exchange, key.get(), "request");
            return;
        }
        Optional<CacheEntry> entry = read(key.get(), exchange);
        if (entry.isEmpty() && exchange.outcome() == CacheExchange.Outcome.BYPASS) {
            return;     // Redis failed: go on uncached
        }
        long now = runtime.clock().millis();
        Optional<Response> answer = entry.filter(e -> e.isFresh(now)).flatMap(e -> HitResponses.answer(e,
                request.getHeaders(), exchange.acceptsGzip(), now));
        if (answer.isPresent()) {
            exchange.hit();
            request.abortWith(answer.get());
        } else {
            startFill(exchange, key.get(), "miss");
        }
    }

    /**
     * A miss: the method will run. Reads the invalidation sequence first, so that a purge of the
     * entry's tags while the method runs keeps its (possibly stale) result out of the cache.
     */
    private void startFill(CacheExchange exchange, CacheKey key, String why) {
        long budget = runtime.settings().redisBudget().toMillis();
        try {
            exchange.fillSequence(runtime.store().fillSequence().toCompletableFuture()
                    .get(budget, TimeUnit.MILLISECONDS));
            exchange.miss(key, why);
        } catch (TimeoutException | ExecutionException e) {
            runtime.problems().warn("fill-sequence", "restcache: could not read the invalidation sequence ("
                    + e + "); serving uncached");
            exchange.bypass(e instanceof TimeoutException ? "redis-timeout" : "redis-error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.bypass("interrupted");
        }
    }

    /** The caller's hash for a per-user method (the refusal checks made sure the secret is known). */
    private Optional<String> userHash(ContainerRequestContext request) {
        if (!policy.perUser()) {
            return Optional.empty();
        }
        UserHasher hasher = runtime.userHasher().orElseThrow();
        Principal principal = request.getSecurityContext().getUserPrincipal();
        return Optional.of(hasher.hash(principal == null ? null : principal.getName()));
    }

    /** The key, or empty (with the exchange set to bypass) when a key contributor fails. */
    private Optional<CacheKey> key(ContainerRequestContext request, CacheExchange exchange, Optional<String> userHash) {
        Map<String, String> contributed;
        try {
            contributed = contributions.of(request);
        } catch (RuntimeException e) {
            runtime.problems().warn("contributor", "restcache: a KeyContributor of " + policy.methodId()
                    + " failed (" + e + "); serving uncached");
            exchange.bypass("contributor-error");
            return Optional.empty();
        }
        return Optional.of(runtime.keys().build(policy.keySpec(),
                KeyRequests.from(request, policy, userHash, contributed), runtime.generation()));
    }

    private Optional<CacheEntry> read(CacheKey key, CacheExchange exchange) {
        long budget = runtime.settings().redisBudget().toMillis();
        try {
            return runtime.store().read(key).toCompletableFuture().get(budget, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            runtime.problems().warn("read-timeout", "restcache: Redis did not answer a lookup within the "
                    + budget + " ms budget; serving uncached");
            exchange.bypass("redis-timeout");
        } catch (ExecutionException e) {
            runtime.problems().warn("read-error", "restcache: Redis lookup failed (" + e.getCause()
                    + "); serving uncached");
            exchange.bypass("redis-error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.bypass("interrupted");
        }
        return Optional.empty();
    }

    /** Why this request must not touch the cache, if it must not. Closed by default. */
    private Optional<String> refusal(ContainerRequestContext request) {
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
        if (METHOD_ONLY_HEADERS.stream().anyMatch(headers::containsKey)) {
            return Optional.of("conditional");
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
                && requestDirectives(headers).contains("no-store")) {
            return Optional.of("request-no-store");
        }
        if (!runtime.store().available()) {
            return Optional.of("redis-unavailable");
        }
        if (policy.perUser() && runtime.userHasher().isEmpty()) {
            return Optional.of("initializing");
        }
        return Optional.empty();
    }

    /** A request body is announced by Transfer-Encoding or a non-zero Content-Length (RFC 9112 §6.3). */
    private static boolean hasBody(MultivaluedMap<String, String> headers) {
        if (headers.containsKey("transfer-encoding")) {
            return true;
        }
        String length = headers.getFirst("content-length");
        return length != null && !length.trim().equals("0");
    }

    /** With {@code restcache.request-cache-control=honor}: {@code no-cache} or {@code max-age=0} skip the lookup. */
    private boolean clientForbidsStoredAnswer(MultivaluedMap<String, String> headers) {
        if (runtime.settings().requestCacheControl() != RequestCacheControl.HONOR) {
            return false;
        }
        List<String> directives = requestDirectives(headers);
        if (directives.contains("no-cache") || directives.contains("max-age=0")) {
            return true;
        }
        List<String> pragma = headers.get("pragma");
        return !headers.containsKey(HttpHeaders.CACHE_CONTROL) && pragma != null
                && pragma.stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).contains("no-cache"));
    }

    private static List<String> requestDirectives(MultivaluedMap<String, String> headers) {
        List<String> lines = headers.get(HttpHeaders.CACHE_CONTROL);
        if (lines == null) {
            return List.of();
        }
        return lines.stream().flatMap(l -> java.util.Arrays.stream(l.split(",")))
                .map(d -> d.trim().toLowerCase(Locale.ROOT).replace(" ", "")).toList();
    }
}
