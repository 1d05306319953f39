package io.restcache.jaxrs;

import io.restcache.key.CacheKey;
import io.restcache.policy.CachePolicy;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.ext.InterceptorContext;

/**
 * The state of one request to a cached method, carried from the request filter (lookup) through the
 * response filter (storability) to the writer interceptor (capture and store). One typed object under
 * one request property, rather than loose string-named properties.
 */
final class CacheExchange {

    private static final String PROPERTY = CacheExchange.class.getName();

    /** What the lookup decided. */
    enum Outcome {
        /** The cache was not consulted; {@link #reason()} says why. */
        BYPASS,
        /** Answered from the cache (200 or 304); the method did not run. */
        HIT,
        /** Looked up, nothing usable: the method runs and its response may be stored. */
        MISS
    }

    private final CachePolicy policy;
    private Outcome outcome = Outcome.BYPASS;
    private String reason = "lookup";
    private CacheKey key;
    private int status;
    private boolean storing;

    private CacheExchange(CachePolicy policy) {
        this.policy = policy;
    }

    static CacheExchange begin(ContainerRequestContext request, CachePolicy policy) {
        CacheExchange exchange = new CacheExchange(policy);
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

    void hit() {
        outcome = Outcome.HIT;
    }

    void miss(CacheKey missedKey) {
        outcome = Outcome.MISS;
        key = missedKey;
    }

    void storeResponse(int responseStatus) {
        status = responseStatus;
        storing = true;
    }

    void abandonStore() {
        storing = false;
    }
}
