package io.restcache.internal.jaxrs;

import io.restcache.internal.flight.Flights;
import io.restcache.internal.http.CacheOutcome;
import io.restcache.internal.http.CacheStatus;
import io.restcache.internal.http.Freshness;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.runtime.CacheTelemetry;
import io.restcache.internal.runtime.RestCacheRuntime;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.policy.CachePolicy;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.ext.InterceptorContext;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The state of one request to a cached method, carried from the request filter (lookup) through the
 * response filter (storability) to the writer interceptor (capture and store). One typed object under
 * one request property, rather than loose string-named properties.
 */
final class CacheExchange {

    private static final String PROPERTY = CacheExchange.class.getName();

    /** What the lookup decided. */
    enum Outcome {
        /** The lookup has not decided yet. */
        PENDING,
        /** The cache was not consulted; {@link #reason()} says why. */
        BYPASS,
        /** Answered from the cache (200 or 304); the method did not run. */
        HIT,
        /** Looked up, nothing usable: the method runs and its response may be stored. */
        MISS
    }

    private final CachePolicy policy;
    private Outcome outcome = Outcome.PENDING;
    private String reason = "pending";
    private CacheKey key;
    private CacheKey lookupKey;
    private CacheEntry answeredWith;
    private List<String> applicationCacheControl;
    private int status;
    private boolean storing;
    private boolean acceptsGzip;
    private long fillSequence;
    private long nearEpoch;
    /** The normalized request path, worked out when first asked for: a hit never needs it. */
    private java.util.function.Supplier<String> path;
    private String resolvedPath;
    private Optional<String> userHash = Optional.empty();
    private Function<String, String> templateValues = name -> null;
    private Set<String> dynamicTags = Set.of();
    private Optional<CacheEntry> staleCandidate = Optional.empty();
    private CacheEntry revalidating;
    private Flights.Ticket flight;
    private String leaseToken;
    private volatile boolean identityRead;
    private Freshness.Lifetime lifetime;
    private CacheOutcome labelled;
    private List<String> upstreamCacheStatus = List.of();
    private final Set<String> counted = new HashSet<>();
    private final CacheTelemetry.RequestTrace trace;

    private CacheExchange(CachePolicy policy, CacheTelemetry.RequestTrace trace) {
        this.policy = policy;
        this.trace = trace;
    }

    /**
     * @param trace the request's span, taken now (in the request filter) because the server need not keep
     *        it current while response filters and writers run
     */
    static CacheExchange begin(ContainerRequestContext request, CachePolicy policy, CacheTelemetry.RequestTrace trace) {
        CacheExchange exchange = new CacheExchange(policy, trace);
        request.setProperty(PROPERTY, exchange);
        return exchange;
    }

    static CacheExchange of(ContainerRequestContext request) {
        return (CacheExchange) request.getProperty(PROPERTY);
    }

    static CacheExchange of(InterceptorContext context) {
        return (CacheExchange) context.getProperty(PROPERTY);
    }

    CachePolicy policy() { return policy; }

    Outcome outcome() { return outcome; }

    String reason() { return reason; }

    CacheKey key() { return key; }

    int status() { return status; }

    /** Whether the writer interceptor should capture the body and store it. */
    boolean storing() { return storing; }

    void bypass(String why) {
        outcome = Outcome.BYPASS;
        reason = why;
    }

    /** Answered from {@code entry} (fresh, stale or collapsed): the method does not run. */
    void hit(CacheEntry entry) {
        outcome = Outcome.HIT;
        answeredWith = entry;
    }

    /** The entry a hit answered with, or null. */
    CacheEntry answeredWith() { return answeredWith; }

    /**
     * The application's own {@code Cache-Control} lines, when restcache rewrote the field for the edge (null
     * otherwise): a stored entry replays these, and hits rewrite them for the edge again.
     */
    void applicationCacheControl(List<String> lines) {
        applicationCacheControl = lines == null ? null : List.copyOf(lines);
    }

    List<String> applicationCacheControl() { return applicationCacheControl; }

    /** The key the lookup built (whatever it then decided). */
    void lookupKey(CacheKey built) {
        lookupKey = built;
    }

    /** The key the lookup built, or null when it built none. */
    CacheKey lookupKey() { return lookupKey; }

    /** @param why {@code miss} (nothing usable stored) or {@code request} (the client's Cache-Control) */
    void miss(CacheKey missedKey, String why) {
        outcome = Outcome.MISS;
        key = missedKey;
        reason = why;
    }

    void storeResponse(int responseStatus, Freshness.Lifetime responseLifetime) {
        status = responseStatus;
        lifetime = responseLifetime;
        storing = true;
    }

    /** How long the response being stored stays fresh and may be served stale. */
    Freshness.Lifetime lifetime() { return lifetime; }

    /** The {@code Cache-Status} lines the method's response came with (members of caches upstream of it). */
    void upstreamCacheStatus(List<String> lines) {
        upstreamCacheStatus = lines == null ? List.of() : List.copyOf(lines);
    }

    /**
     * Records what restcache did with this request: writes it as restcache's {@code Cache-Status} member
     * (after any upstream ones) and counts it. A later, final outcome replaces an earlier one (a response
     * labelled {@code stored} whose body then turned out too large): only counters not yet counted for
     * this request are added, so each request counts once per counter.
     */
    void label(CacheOutcome outcome, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers,
            RestCacheRuntime runtime) {
        if (labelled == null) {
            runtime.metrics().route(policy.route(), outcome.hit() || outcome.collapsed());
        }
        labelled = outcome;
        headers.putSingle(CacheStatus.HEADER, CacheStatus.append(upstreamCacheStatus, outcome));
        trace.outcome(outcome);
        for (String counter : outcome.counters()) {
            if (counted.add(counter)) {
                runtime.metrics().count(counter);
            }
        }
    }

    /** Where this request's outcome is traced. */
    CacheTelemetry.RequestTrace trace() { return trace; }

    /** The outcome last labelled, or null. */
    CacheOutcome labelled() { return labelled; }

    void abandonStore() {
        storing = false;
    }

    /** The stored entry whose validators this request carries to the method, or null (see Revalidation). */
    CacheEntry revalidating() { return revalidating; }

    void revalidating(CacheEntry stored) {
        revalidating = stored;
    }

    /** A stale entry that stale-if-error may serve if the method fails. */
    Optional<CacheEntry> staleCandidate() { return staleCandidate; }

    void staleCandidate(Optional<CacheEntry> entry) {
        staleCandidate = entry;
    }

    /** This request leads the variant's flight on this node: it must end it, whatever happens. */
    void flight(Flights.Ticket ticket) {
        flight = ticket;
    }

    /** This request holds the variant's fleet lease. */
    void lease(String token) {
        leaseToken = token;
    }

    /**
     * This request is about to try for the variant's fleet lease: from here on, ending the flight releases
     * it (a compare-and-delete, harmless if the lease was never taken) — also when the attempt times out
     * on this side after Redis granted it.
     */
    void leaseAttempt(CacheKey attemptKey, String token) {
        key = attemptKey;
        leaseToken = token;
    }

    /** The token of the fleet lease this request holds, or null. */
    String leaseToken() { return leaseToken; }

    /** The store released the lease along with its writes: nothing left to release. */
    void leaseReleased() {
        leaseToken = null;
    }

    /**
     * Ends the flight this request leads (if any) with its outcome, and releases its lease (if any):
     * waiters on this node get the stored entry, or run the method themselves when there is none.
     * Idempotent; called on every path that decides the outcome.
     */
    void endFlight(RestCacheRuntime runtime, Optional<CacheEntry> stored) {
        if (flight != null) {
            flight.finish(stored);
            flight = null;
        }
        if (leaseToken != null && key != null) {
            String token = leaseToken;
            leaseToken = null;
            runtime.leases().release(key, token).exceptionally(e -> false);
        }
    }

    /** The near cache's epoch, read before Redis was: a near put after a drop since then is refused. */
    long nearEpoch() { return nearEpoch; }

    void nearEpoch(long epoch) {
        nearEpoch = epoch;
    }

    /** The invalidation sequence read before the method ran (the fill's fence). */
    long fillSequence() { return fillSequence; }

    void fillSequence(long sequence) {
        fillSequence = sequence;
    }

    /**
     * What the entry is indexed under, besides its tags: the normalized request path, and the caller's
     * hash when the entry is per user; and how tag templates resolve their variables for this request.
     */
    void indexing(java.util.function.Supplier<String> requestPath, Optional<String> caller,
            Function<String, String> variables) {
        path = requestPath;
        userHash = caller;
        templateValues = variables;
    }

    String path() {
        if (resolvedPath == null && path != null) {
            resolvedPath = path.get();
        }
        return resolvedPath;
    }

    /** Tags the method added at run time through CacheContext. */
    Set<String> dynamicTags() { return dynamicTags; }

    void dynamicTags(Set<String> tags) {
        dynamicTags = Set.copyOf(tags);
    }

    Optional<String> userHash() { return userHash; }

    Function<String, String> templateValues() { return templateValues; }

    /** Whether the client accepts the gzip representation (from its {@code Accept-Encoding}). */
    boolean acceptsGzip() { return acceptsGzip; }

    void acceptsGzip(boolean accepts) {
        acceptsGzip = accepts;
    }

    /** The method asked who the caller is (see {@link IdentityWatchingSecurityContext}). */
    void identityRead() {
        identityRead = true;
    }

    boolean wasIdentityRead() { return identityRead; }
}
