package io.restcache.internal.jaxrs;

import io.restcache.internal.http.CacheDirectives;
import io.restcache.internal.http.CacheOutcome;
import io.restcache.internal.http.ContentCoding;
import io.restcache.internal.http.Freshness;
import io.restcache.internal.http.HttpDates;
import io.restcache.internal.http.Revalidation;
import io.restcache.internal.http.Storability;
import io.restcache.internal.http.VaryHeader;
import io.restcache.internal.policy.CachePolicy;
import io.restcache.internal.runtime.RestCacheRuntime;
import io.restcache.internal.store.CacheEntry;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
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
 * After the method and after the application's own response filters (it runs last, see
 * {@link RestCacheFeature#STORE_PRIORITY}): labels the response ({@code Cache-Status}, {@code Vary},
 * {@code Date}, {@code Cache-Control: private} for per-user methods) and decides from status and the
 * headers as they finally go out whether the body may be stored, and for how long. The body itself is
 * captured and stored by {@link BodyCaptureInterceptor}, which is the only place it exists.
 */
final class CacheStoreFilter implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(CacheStoreFilter.class.getName());

    private final CachePolicy policy;
    private final RestCacheRuntime runtime;
    private final UsedCacheContext cacheContext;
    private final Freshness.Limits limits;
    private final AtomicBoolean identityReadLogged = new AtomicBoolean();

    CacheStoreFilter(CachePolicy policy, RestCacheRuntime runtime, UsedCacheContext cacheContext) {
        this.policy = policy;
        this.runtime = runtime;
        this.cacheContext = cacheContext;
        this.limits = new Freshness.Limits(policy.ttl(), policy.staleWhileRevalidate(), policy.staleIfError(),
                policy.originDriven(), runtime.settings().originMaxTtl());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        if (policy.perUser()) {
            // on every response, whatever the cache did: a CDN in front must never share one user's data,
            // least of all while restcache is bypassed (Redis down, breaker open, a conditional request)
            ResponseLabels.markPrivate(headers);
        }
        CacheExchange exchange = CacheExchange.of(request);
        if (exchange != null && exchange.outcome() == CacheExchange.Outcome.HIT) {
            ResponseLabels.remove(headers, CacheDirectives.RESTCACHE_FIELD);   // it never leaves the server
            // a hit (or stale answer) carries the stored Date, Vary and Cache-Status already; the edge may
            // keep it for what remains of its freshness (nothing, for a stale answer)
            CacheEntry entry = exchange.answeredWith();
            if (entry != null) {
                EdgeLabels.keep(headers, runtime, policy, entry.refs(), exchange::path, exchange.lookupKey(),
                        entry.freshUntilMillis());
            }
            return;
        }
        // not on hits: they decide nothing from the headers (read again after a 304)
        Map<String, List<String>> lower = lowerCaseHeaders(response.getStringHeaders());
        // the field addressed to restcache alone is read here and never leaves the server
        ResponseLabels.remove(headers, CacheDirectives.RESTCACHE_FIELD);
        if (!headers.containsKey(HttpHeaders.DATE)) {
            // RFC 9110 §6.6.1: an origin with a clock sends Date; Payara does not, and hits replay this one
            headers.putSingle(HttpHeaders.DATE, HttpDates.format(runtime.clock().millis()));
        }
        if (exchange == null) {
            EdgeLabels.refuse(headers, runtime, policy);
            return;     // an earlier filter answered before the lookup was set up
        }
        addVary(headers, false);
        exchange.upstreamCacheStatus(lower.get("cache-status"));
        if (exchange.outcome() == CacheExchange.Outcome.PENDING) {
            exchange.bypass("not-looked-up");   // an earlier filter aborted the request before the lookup ran
        }
        int status = response.getStatus();
        int forwardedStatus = status;
        if (exchange.revalidating() != null && status == Response.Status.NOT_MODIFIED.getStatusCode()) {
            // the method confirmed the stored response: answer it (the client asked for no 304) and, unless
            // something below refuses, store it, with the 304's headers
            status = restoreValidated(exchange.revalidating(), response);
            lower = lowerCaseHeaders(response.getStringHeaders());
        }
        // until the body is stored (the writer interceptor then says so), the edge must not keep this response;
        // what is stored and replayed is the application's own Cache-Control
        exchange.applicationCacheControl(EdgeLabels.refuse(headers, runtime, policy));
        if (exchange.outcome() == CacheExchange.Outcome.BYPASS) {
            exchange.label(CacheOutcome.bypass(forwardedStatus, exchange.reason()), headers, runtime);
            return;
        }
        lower.put("vary", headers.get(HttpHeaders.VARY) == null ? null
                : List.of(String.valueOf(headers.getFirst(HttpHeaders.VARY))));
        lower.put("date", List.of(String.valueOf(headers.getFirst(HttpHeaders.DATE))));
        CacheDirectives directives = CacheDirectives.of(lower, runtime.settings().honourCdnCacheControl());
        Optional<String> refusal = refusal(request, response, exchange, lower, directives);
        Optional<Freshness.Lifetime> lifetime = refusal.isPresent() ? Optional.empty()
                : Freshness.of(directives, lower, runtime.clock().millis(), limits);
        if (refusal.isEmpty() && lifetime.isEmpty()) {
            refusal = Optional.of("not-fresh");    // the response said it is stale already (max-age=0, Expires)
        }
        if (refusal.isPresent()) {
            exchange.endFlight(runtime, Optional.empty());
            exchange.label(CacheOutcome.notStored(exchange.reason(), forwardedStatus, refusal.get()), headers, runtime);
            return;
        }
        addVary(headers, true);     // what restcache stores it codes for gzip clients on hits
        exchange.storeResponse(status, lifetime.get());
        exchange.label(CacheOutcome.stored(exchange.reason(), forwardedStatus), headers, runtime);
    }

    /**
     * Turns the method's 304 into the stored response it validated (RFC 9111 §4.3.4): the stored status,
     * body and headers, each header the 304 carries replacing the stored one (§3.2) but those describing
     * the stored bytes and the validated entity tag. Returns the stored status.
     */
    private static int restoreValidated(CacheEntry stored, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.keySet().removeIf(Revalidation::notUpdated);
        java.util.Set<String> present = new java.util.HashSet<>(headers.keySet());
        for (CacheEntry.Header h : Revalidation.kept(stored.headers(), present)) {
            headers.add(h.name(), h.value());
        }
        if (stored.originTag()) {
            headers.putSingle(HttpHeaders.ETAG, stored.etag());
        }
        byte[] body = stored.gzipped() ? ContentCoding.gunzip(stored.body()) : stored.body();
        Object type = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        response.setStatus(stored.status());
        response.setEntity(body, new java.lang.annotation.Annotation[0],
                type == null ? MediaType.APPLICATION_OCTET_STREAM_TYPE : MediaType.valueOf(String.valueOf(type)));
        return stored.status();
    }

    private Optional<String> refusal(ContainerRequestContext request, ContainerResponseContext response,
            CacheExchange exchange, Map<String, List<String>> headers, CacheDirectives directives) {
        if (!request.getMethod().equals("GET") || HeadRequestMarker.isHead(request)) {
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
        Optional<String> httpRefusal = Storability.refusal(response.getStatus(), policy.statuses(), headers,
                directives, policy.perUser(), policy.keyedRequestHeaders());
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
     * One Vary line: the method's names (over all its lines) and the key's, each once; with
     * {@code Accept-Encoding} only for a response restcache stores, the one whose coding it then chooses per
     * request (a response it does not store goes out as the method wrote it, whatever the client accepts).
     */
    private void addVary(MultivaluedMap<String, Object> headers, boolean stored) {
        List<Object> lines = headers.get(HttpHeaders.VARY);
        String ours = stored ? policy.varyResponseHeader() : VaryHeader.without(policy.varyResponseHeader(),
                HttpHeaders.ACCEPT_ENCODING);
        if (ours.isEmpty() && (lines == null || lines.size() < 2)) {
            return;
        }
        String merged = VaryHeader.merge(lines == null ? null : lines.stream().map(String::valueOf).toList(), ours);
        headers.putSingle(HttpHeaders.VARY, merged);
    }

    private static Map<String, List<String>> lowerCaseHeaders(MultivaluedMap<String, String> headers) {
        Map<String, List<String>> lower = new HashMap<>();
        headers.forEach((name, values) -> lower.merge(name.toLowerCase(Locale.ROOT), values, (a, b) -> {
            List<String> all = new java.util.ArrayList<>(a);
            all.addAll(b);
            return all;
        }));
        return lower;
    }
}
