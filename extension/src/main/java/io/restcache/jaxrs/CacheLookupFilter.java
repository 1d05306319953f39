package io.restcache.jaxrs;

import io.restcache.key.CacheKey;
import io.restcache.key.UserHasher;
import io.restcache.policy.CachePolicy;
import io.restcache.runtime.RestCacheRuntime;
import io.restcache.store.CacheEntry;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.security.Principal;
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

    private final CachePolicy policy;
    private final RestCacheRuntime runtime;

    CacheLookupFilter(CachePolicy policy, RestCacheRuntime runtime) {
        this.policy = policy;
        this.runtime = runtime;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        CacheExchange exchange = CacheExchange.begin(request, policy);
        Optional<String> refusal = refusal(request);
        if (refusal.isPresent()) {
            exchange.bypass(refusal.get());
            return;
        }
        Optional<String> userHash = Optional.empty();
        if (policy.perUser()) {
            Optional<UserHasher> hasher = runtime.userHasher();
            if (hasher.isEmpty()) {
                exchange.bypass("initializing");
                return;
            }
            Principal principal = request.getSecurityContext().getUserPrincipal();
            userHash = Optional.of(hasher.get().hash(principal == null ? null : principal.getName()));
        }
        CacheKey key = runtime.keys().build(policy.keySpec(), KeyRequests.from(request, policy, userHash));
        Optional<CacheEntry> entry;
        try {
            entry = runtime.store().read(key).toCompletableFuture()
                    .get(runtime.settings().redisBudget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            runtime.problems().warn("read-timeout", "restcache: Redis did not answer a lookup within the "
                    + runtime.settings().redisBudget().toMillis() + " ms budget; serving uncached");
            exchange.bypass("redis-timeout");
            return;
        } catch (ExecutionException e) {
            runtime.problems().warn("read-error", "restcache: Redis lookup failed (" + e.getCause()
                    + "); serving uncached");
            exchange.bypass("redis-error");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.bypass("interrupted");
            return;
        }
        long now = runtime.clock().millis();
        if (entry.isPresent() && entry.get().isFresh(now)) {
            exchange.hit();
            request.abortWith(HitResponses.answer(entry.get(), request.getHeaders().get(HttpHeaders.IF_NONE_MATCH), now));
        } else {
            exchange.miss(key);
        }
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
        if (request.hasEntity() || request.getHeaders().containsKey("transfer-encoding")) {
            return Optional.of("request-body");
        }
        boolean hasPrincipal = request.getSecurityContext() != null
                && request.getSecurityContext().getUserPrincipal() != null;
        boolean hasCredentials = request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION);
        if (policy.perUser()) {
            if (hasCredentials && !hasPrincipal) {
                // credentials the application did not turn into a principal: we cannot tell whose they are
                return Optional.of("unidentified-caller");
            }
        } else if (!policy.shared() && (hasPrincipal || hasCredentials)) {
            return Optional.of("authenticated");
        }
        if (!runtime.store().available()) {
            return Optional.of("redis-unavailable");
        }
        return Optional.empty();
    }
}
