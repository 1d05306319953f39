package io.restcache.jaxrs;

import io.restcache.http.CacheStatus;
import io.restcache.http.Storability;
import io.restcache.policy.CachePolicy;
import io.restcache.runtime.RestCacheRuntime;
import io.restcache.store.CacheEntry;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.File;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * After the method: labels the response ({@code Cache-Status}, {@code Vary}, {@code Cache-Control: private}
 * for per-user entries) and decides from status and headers whether the body may be stored. The body
 * itself is captured and stored by {@link BodyCaptureInterceptor}, which is the only place it exists.
 */
final class CacheStoreFilter implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(CacheStoreFilter.class.getName());

    private final CachePolicy policy;
    private final RestCacheRuntime runtime;
    private final UsedCacheContext cacheContext;
    private final AtomicBoolean identityReadLogged = new AtomicBoolean();

    CacheStoreFilter(CachePolicy policy, RestCacheRuntime runtime, UsedCacheContext cacheContext) {
        this.policy = policy;
        this.runtime = runtime;
        this.cacheContext = cacheContext;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        CacheExchange exchange = CacheExchange.of(request);
        if (exchange == null || exchange.outcome() == CacheExchange.Outcome.HIT) {
            return;
        }
        if (exchange.outcome() == CacheExchange.Outcome.PENDING) {
            exchange.bypass("not-looked-up");   // an earlier filter aborted the request before the lookup ran
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        addVary(headers);
        if (exchange.outcome() == CacheExchange.Outcome.BYPASS) {
            runtime.metrics().count("bypass." + exchange.reason());
            headers.putSingle(CacheStatus.HEADER, CacheStatus.bypass(exchange.reason()));
            return;
        }
        runtime.metrics().count("miss");
        if (policy.perUser()) {
            markPrivate(headers);
        }
        Optional<String> refusal = refusal(request, response, exchange);
        if (refusal.isPresent()) {
            exchange.endFlight(runtime, Optional.empty());
            runtime.metrics().count("not-stored." + refusal.get());
            if (!serveStaleOnError(request, response, exchange)) {
                headers.putSingle(CacheStatus.HEADER, CacheStatus.forwardedNotStored(exchange.reason(), refusal.get()));
            }
            return;
        }
        exchange.storeResponse(response.getStatus());
        headers.putSingle(CacheStatus.HEADER, CacheStatus.forwarded(exchange.reason(), true));
    }

    private Optional<String> refusal(ContainerRequestContext request, ContainerResponseContext response,
            CacheExchange exchange) {
        if (!request.getMethod().equals("GET")) {
            return Optional.of("head");     // HEAD is answered from GET entries but never fills them
        }
        if (exchange.wasIdentityRead()) {
            if (identityReadLogged.compareAndSet(false, true)) {
                LOG.warning(policy.methodId() + " is cached as shared but read the caller's identity through its "
                        + "SecurityContext; restcache does not store its responses. Use @VaryBy(user = true) if the "
                        + "response depends on the caller, or stop reading the identity if it does not.");
            }
            return Optional.of("identity-read");
        }
        Optional<String> httpRefusal = Storability.refusal(response.getStatus(), policy.statuses(),
                lowerCaseHeaders(response.getStringHeaders()), policy.perUser(), policy.keyedRequestHeaders());
        if (httpRefusal.isPresent()) {
            return httpRefusal;
        }
        Object entity = response.getEntity();
        if (entity == null) {
            return Optional.of("no-body");
        }
        if (entity instanceof StreamingOutput || entity instanceof InputStream || entity instanceof Reader
                || entity instanceof File || entity instanceof Path) {
            return Optional.of("streaming");
        }
        Optional<RequestCacheContext> context = cacheContext.current();
        if (context.isEmpty()) {
            return Optional.empty();        // the method never used its CacheContext: no veto, no tags
        }
        if (context.get().storeVetoed()) {
            return Optional.of("vetoed");
        }
        exchange.dynamicTags(context.get().tags());
        return Optional.empty();
    }

    /**
     * stale-if-error (RFC 5861 §4): the method failed (5xx, or an exception mapped to one) and a stale
     * entry is within its window: answer with the stale entry instead.
     */
    private boolean serveStaleOnError(ContainerRequestContext request, ContainerResponseContext response,
            CacheExchange exchange) {
        long now = runtime.clock().millis();
        Optional<CacheEntry> stale = exchange.staleCandidate()
                .filter(e -> now < e.freshUntilMillis() + policy.staleIfError().toMillis());
        if (response.getStatus() < 500 || stale.isEmpty()) {
            return false;
        }
        Optional<Response> replacement = HitResponses.answer(stale.get(), request.getHeaders(), exchange.acceptsGzip(),
                now, CacheStatus.stale(stale.get().ttlSeconds(now), "stale-if-error"));
        if (replacement.isEmpty()) {
            return false;
        }
        Response r = replacement.get();
        response.setStatus(r.getStatus());
        response.getHeaders().clear();
        r.getHeaders().forEach((name, values) -> response.getHeaders().put(name, values));
        response.setEntity(r.getEntity(), new Annotation[0], r.getMediaType());
        runtime.metrics().count("stale.stale-if-error");
        return true;
    }

    private void addVary(MultivaluedMap<String, Object> headers) {
        if (!policy.varyResponseHeader().isEmpty()) {
            Object existing = headers.getFirst(HttpHeaders.VARY);
            headers.putSingle(HttpHeaders.VARY, existing == null ? policy.varyResponseHeader()
                    : existing + ", " + policy.varyResponseHeader());
        }
    }

    /** Per-user responses must not be stored by shared caches downstream (RFC 9111 §5.2.2.7). */
    private static void markPrivate(MultivaluedMap<String, Object> headers) {
        Object existing = headers.getFirst(HttpHeaders.CACHE_CONTROL);
        if (existing == null) {
            headers.putSingle(HttpHeaders.CACHE_CONTROL, "private");
        } else {
            String value = existing.toString();
            String lower = value.toLowerCase(Locale.ROOT);
            if (!lower.contains("private") && !lower.contains("no-store")) {
                headers.putSingle(HttpHeaders.CACHE_CONTROL, "private, " + value);
            }
        }
    }

    private static Map<String, List<String>> lowerCaseHeaders(MultivaluedMap<String, String> headers) {
        Map<String, List<String>> lower = new HashMap<>();
        headers.forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), values));
        return lower;
    }
}
