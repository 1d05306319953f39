package io.restcache.internal.jaxrs;

import io.restcache.internal.fleet.NearCache;
import io.restcache.internal.flight.Flights;
import io.restcache.internal.http.CacheOutcome;
import io.restcache.internal.http.ContentCoding;
import io.restcache.internal.http.Revalidation;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.UserHasher;
import io.restcache.internal.policy.CachePolicy;
import io.restcache.internal.runtime.RedisCalls.RedisSkipped;
import io.restcache.internal.runtime.RestCacheRuntime;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.FillStart;
import io.restcache.internal.store.LeaseTokens;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/*
 * Design note. The lookup, before the method runs, in this order:
 *   1. refusals (method, body, conditionals, access, identity, Redis availability): bypass;
 *   2. the key; then this node's near cache, then Redis (one HGET, bounded by the Redis budget);
 *   3. a fresh entry answers (200, or 304 when the validators match);
 *   4. otherwise the request joins the variant's flight on this node. A waiter serves a stale entry at
 *      once if stale-while-revalidate allows, else waits (bounded) for the leader's entry. The leader
 *      takes the variant's fleet lease; if another node holds it, the leader serves stale (if allowed)
 *      or polls Redis for that node's entry, bounded; whoever ends up computing runs the method, and its
 *      stored entry (or its failure to store) ends the flight and releases the lease.
 */
/** Lookup, before the method runs. Registered per cached method, after authentication and authorization. */
final class CacheLookupFilter implements ContainerRequestFilter {

    /** How often a leader whose lease is held by another node looks for that node's entry. */
    private static final long REMOTE_POLL_MILLIS = 20;
    private final jakarta.enterprise.inject.Instance<RequestCacheContext> requestContext;

    private final CachePolicy policy;
    private final RestCacheRuntime runtime;
    private final Contributions contributions;
    private final RequestRefusals refusals;
    /** The Cache-Status detail of a hit from the store: {@code redis} or {@code memcached}. */
    private final String storeName;

    CacheLookupFilter(CachePolicy policy, RestCacheRuntime runtime, Contributions contributions,
            jakarta.enterprise.inject.Instance<RequestCacheContext> requestContext) {
        this.policy = policy;
        this.runtime = runtime;
        this.contributions = contributions;
        this.requestContext = requestContext;
        this.refusals = new RequestRefusals(policy, runtime);
        this.storeName = policy.store().configName();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        CacheExchange exchange = CacheExchange.begin(request, policy, runtime.telemetry().request());
        Optional<String> refusal = refusals.refusal(request);
        if (refusal.isPresent()) {
            exchange.bypass(refusal.get());
            return;
        }
        Optional<String> userHash = userHash(request);
        // read once: Jersey decodes and copies them on every call, and both the key and the tags need them
        Map<String, List<String>> pathParameters = request.getUriInfo().getPathParameters(true);
        Map<String, List<String>> queryParameters = request.getUriInfo().getQueryParameters(true);
        Optional<CacheKey> maybeKey = key(request, exchange, userHash, pathParameters, queryParameters);
        if (maybeKey.isEmpty()) {
            return;
        }
        CacheKey key = maybeKey.get();
        exchange.lookupKey(key);
        UriInfo uri = request.getUriInfo();
        exchange.indexing(() -> TemplateValues.path(uri), userHash,
                TemplateValues.of(pathParameters, queryParameters));
        exchange.acceptsGzip(ContentCoding.acceptsGzip(request.getHeaders().get(HttpHeaders.ACCEPT_ENCODING)));
        if (policy.shared()) {
            request.setSecurityContext(new IdentityWatchingSecurityContext(request.getSecurityContext(), exchange));
        }
        if (refusals.clientForbidsStoredAnswer(request.getHeaders())) {
            startFill(exchange, key, "request");
            return;
        }
        NearCache near = runtime.near();
        exchange.nearEpoch(near.epoch());
        long now = runtime.clock().millis();
        Optional<CacheEntry> nearEntry = near.get(key, exchange.acceptsGzip()).filter(e -> e.isFresh(now));
        if (nearEntry.isPresent() && answer(request, exchange, nearEntry.get(), CacheOutcome.hit(
                nearEntry.get().ttlSeconds(now), "near"))) {
            return;
        }
        Optional<CacheEntry> stored = read(key, exchange);
        if (stored.isEmpty() && exchange.outcome() == CacheExchange.Outcome.BYPASS) {
            return;     // Redis failed: go on uncached
        }
        if (stored.isPresent() && stored.get().isFresh(now)
                && answer(request, exchange, stored.get(), CacheOutcome.hit(stored.get().ttlSeconds(now), storeName))) {
            near.put(key, stored.get(), exchange.nearEpoch());
            return;
        }
        miss(request, exchange, key, stored, now);
    }

    /** Nothing fresh: coalesce with other requests for the same variant, serve stale, or compute. */
    private void miss(ContainerRequestContext request, CacheExchange exchange, CacheKey key,
            Optional<CacheEntry> stored, long now) {
        // the entry's own stale limit holds what its response allowed (must-revalidate: nothing)
        Optional<CacheEntry> staleWhileRevalidate = stored.filter(
                e -> now < e.freshUntilMillis() + policy.staleWhileRevalidate().toMillis() && now < e.staleUntilMillis());
        exchange.staleCandidate(stored.filter(e -> now < e.freshUntilMillis() + policy.staleIfError().toMillis()
                && now < e.staleUntilMillis()));
        String fwd = stored.isPresent() ? "stale" : "miss";
        if (HeadRequestMarker.isHead(request)) {
            startFill(exchange, key, fwd);      // HEAD never fills: it must not lead a flight others wait on
            return;
        }

        Flights.Ticket ticket = runtime.flights().join(key.resourceKey() + "\n" + key.variantField());
        if (!ticket.leader()) {
            if (staleWhileRevalidate.isPresent() && answerStale(request, exchange, staleWhileRevalidate.get(), now)) {
                return;
            }
            Optional<CacheEntry> collapsed = ticket.await(runtime.settings().flightWait());
            long later = runtime.clock().millis();
            if (collapsed.isPresent() && collapsed.get().isFresh(later)
                    && answer(request, exchange, collapsed.get(),
                    CacheOutcome.collapsed(fwd, collapsed.get().status(), collapsed.get().ttlSeconds(later)))) {
                return;
            }
            startFill(exchange, key, fwd);      // the leader's response was not storable, or too slow
            return;
        }
        exchange.flight(ticket);
        backstop(exchange);
        String token = LeaseTokens.next();
        exchange.leaseAttempt(key, token);
        FillStart start;
        try {
            long startedAt = runtime.clock().millis();
            start = runtime.calls(policy).call("fill-start", key.resourceKey(), () -> runtime.store(policy).startFill(key, token,
                    runtime.settings().flightLease().toMillis(), startedAt));
        } catch (RedisSkipped e) {
            exchange.bypass(e.reason());        // without the sequence a fill cannot be fenced: do not store
            exchange.endFlight(runtime, Optional.empty());
            return;
        }
        exchange.fillSequence(start.sequence());
        if (policy.store() == io.restcache.internal.store.StoreKind.MEMCACHED) {
            exchange.leaseReleased();       // Memcached has no fleet lease: nothing to release later
        }
        if (start.filled().isPresent()) {
            exchange.leaseReleased();       // not taken: the entry came back instead
            // another node stored it between our lookup and now: answer with it, do not run the method again
            if (!answerFilledElsewhere(request, exchange, key, start.filled().get(), fwd)) {
                compute(request, exchange, key, fwd, stored);    // unusable here; nobody holds the lease: compute, uncoordinated
            }
            return;
        }
        if (start.leaseTaken()) {
            compute(request, exchange, key, fwd, stored);
            return;
        }
        exchange.leaseReleased();       // another node holds it: nothing of ours to release
        // another node is computing this variant
        if (staleWhileRevalidate.isPresent() && answerStale(request, exchange, staleWhileRevalidate.get(), now)) {
            exchange.endFlight(runtime, Optional.empty());
            return;
        }
        Optional<CacheEntry> remote = awaitRemoteFill(exchange, key, token);
        if (remote.isPresent() && answerFilledElsewhere(request, exchange, key, remote.get(), fwd)) {
            return;
        }
        // the other node released its lease without storing, failed or is too slow: compute here, fenced by
        // the sequence read before the wait
        compute(request, exchange, key, fwd, stored);
    }

    /**
     * This request computes the variant. When the stored entry has the method's own validators and the
     * client's request has no conditions of its own, the request reaches the method carrying them
     * ({@code If-None-Match}, {@code If-Modified-Since}): a method that evaluates preconditions answers 304,
     * and the store filter turns that into the stored response with updated headers (RFC 9111 §4.3.4).
     */
    private void compute(ContainerRequestContext request, CacheExchange exchange, CacheKey key, String fwd,
            Optional<CacheEntry> stored) {
        exchange.miss(key, fwd);
        if (stored.isEmpty() || runtime.settings().revalidationKeep().isZero() || !"GET".equals(request.getMethod())
                || HeadRequestMarker.isHead(request) || Revalidation.clientConditional(request.getHeaders().keySet())) {
            return;
        }
        Map<String, String> conditions = Revalidation.conditions(stored.get());
        if (!conditions.isEmpty()) {
            conditions.forEach((name, value) -> request.getHeaders().putSingle(name, value));
            exchange.revalidating(stored.get());
        }
    }

    /** Ends this request's fill when the request ends, if no filter did (an unmapped exception, say). */
    private void backstop(CacheExchange exchange) {
        try {
            requestContext.get().atRequestEnd(() -> exchange.endFlight(runtime, Optional.empty()));
        } catch (RuntimeException noRequestContext) {
            // no CDI request context here: the flight and lease still end on every filter path
        }
    }

    /**
     * Answers ({@code collapsed}) with an entry another node's fill stored, keeps it in the near cache and
     * hands it to this node's waiters; false when it is no longer fresh or unusable for this request.
     */
    private boolean answerFilledElsewhere(ContainerRequestContext request, CacheExchange exchange, CacheKey key,
            CacheEntry filled, String fwd) {
        long now = runtime.clock().millis();
        if (!filled.isFresh(now) || !answer(request, exchange, filled,
                CacheOutcome.collapsed(fwd, filled.status(), filled.ttlSeconds(now)))) {
            return false;
        }
        runtime.near().put(key, filled, exchange.nearEpoch());
        exchange.endFlight(runtime, Optional.of(filled));
        return true;
    }

    /**
     * Waits for the entry another node is computing, until it appears fresh, the other node releases its
     * lease without storing (this request then takes the lease itself and computes), or the wait bound
     * passes. Each poll is a fill start: one script that returns the entry if fresh, else takes the lease
     * if it is free.
     */
    private Optional<CacheEntry> awaitRemoteFill(CacheExchange exchange, CacheKey key, String token) {
        long deadline = System.nanoTime() + runtime.settings().flightWait().toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Thread.sleep(REMOTE_POLL_MILLIS);
                exchange.leaseAttempt(key, token);
                long now = runtime.clock().millis();
                FillStart poll = runtime.calls(policy).call("fill-start", key.resourceKey(), () -> runtime.store(policy)
                        .startFill(key, token, runtime.settings().flightLease().toMillis(), now));
                if (poll.filled().isPresent()) {
                    exchange.leaseReleased();
                    return poll.filled();
                }
                if (poll.leaseTaken()) {
                    return Optional.empty();        // released with nothing stored: ours now, compute
                }
                exchange.leaseReleased();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RedisSkipped e) {
            // Redis cannot tell: compute here (a lease this poll may have taken is released with the flight)
        }
        return Optional.empty();
    }

    /**
     * A miss: the method will run. Reads the invalidation sequence first, so that a purge of the
     * entry's tags while the method runs keeps its (possibly stale) result out of the cache.
     */
    private void startFill(CacheExchange exchange, CacheKey key, String why) {
        try {
            exchange.fillSequence(runtime.calls(policy).call("fill-sequence", key.resourceKey(), () -> runtime.store(policy).fillSequence()));
            exchange.miss(key, why);
        } catch (RedisSkipped e) {
            exchange.bypass(e.reason());
            exchange.endFlight(runtime, Optional.empty());
        }
    }

    private Optional<CacheEntry> read(CacheKey key, CacheExchange exchange) {
        try {
            return runtime.calls(policy).call("lookup", key.resourceKey(), () -> runtime.store(policy).read(key));
        } catch (RedisSkipped e) {
            exchange.bypass(e.reason());
            return Optional.empty();
        }
    }

    /** Answers from an entry; false when the entry turns out unusable (then it is a miss). */
    private boolean answer(ContainerRequestContext request, CacheExchange exchange, CacheEntry entry,
            CacheOutcome outcome) {
        Optional<Response> answer = HitResponses.answer(entry, request.getHeaders(), exchange.acceptsGzip(),
                runtime.clock().millis(), outcome);
        if (answer.isEmpty()) {
            return false;
        }
        exchange.hit(entry);
        outcome.counters().forEach(runtime.metrics()::count);
        runtime.metrics().route(policy.route(), true);
        exchange.trace().outcome(outcome);
        request.abortWith(answer.get());
        return true;
    }

    private boolean answerStale(ContainerRequestContext request, CacheExchange exchange, CacheEntry entry, long now) {
        return answer(request, exchange, entry, CacheOutcome.staleWhileRevalidate(entry.ttlSeconds(now)));
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
    private Optional<CacheKey> key(ContainerRequestContext request, CacheExchange exchange, Optional<String> userHash,
            Map<String, List<String>> pathParameters, Map<String, List<String>> queryParameters) {
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
                KeyRequests.from(request, policy, userHash, contributed, pathParameters, queryParameters),
                runtime.generation()));
    }
}
