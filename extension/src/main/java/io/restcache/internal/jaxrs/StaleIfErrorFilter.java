package io.restcache.internal.jaxrs;

import io.restcache.internal.http.CacheOutcome;
import io.restcache.internal.policy.CachePolicy;
import io.restcache.internal.runtime.RestCacheRuntime;
import io.restcache.internal.store.CacheEntry;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.util.Optional;

/**
 * stale-if-error (RFC 5861 §4): the method failed (5xx, or an exception mapped to one) and a stale entry
 * is within its window: answer with the stale entry instead. It runs before the application's response
 * filters (at the lookup's priority), so that they decorate the stale answer as they would any other.
 */
final class StaleIfErrorFilter implements ContainerResponseFilter {

    private final CachePolicy policy;
    private final RestCacheRuntime runtime;

    StaleIfErrorFilter(CachePolicy policy, RestCacheRuntime runtime) {
        this.policy = policy;
        this.runtime = runtime;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        CacheExchange exchange = CacheExchange.of(request);
        if (exchange == null || exchange.outcome() != CacheExchange.Outcome.MISS || response.getStatus() < 500) {
            return;
        }
        long now = runtime.clock().millis();
        // the entry's own stale limit holds a response's must-revalidate or shorter stale-if-error
        Optional<CacheEntry> stale = exchange.staleCandidate()
                .filter(e -> now < e.freshUntilMillis() + policy.staleIfError().toMillis())
                .filter(e -> now < e.staleUntilMillis());
        if (stale.isEmpty()) {
            return;
        }
        CacheOutcome outcome = CacheOutcome.staleIfError(response.getStatus(), stale.get().ttlSeconds(now));
        Optional<Response> replacement = HitResponses.answer(stale.get(), request.getHeaders(), exchange.acceptsGzip(),
                now, outcome);
        if (replacement.isEmpty()) {
            return;
        }
        exchange.endFlight(runtime, Optional.empty());
        exchange.hit(stale.get());
        outcome.counters().forEach(runtime.metrics()::count);
        Response r = replacement.get();
        response.setStatus(r.getStatus());
        response.getHeaders().clear();
        r.getHeaders().forEach((name, values) -> response.getHeaders().put(name, values));
        response.setEntity(r.getEntity(), new Annotation[0], r.getMediaType());
    }
}
