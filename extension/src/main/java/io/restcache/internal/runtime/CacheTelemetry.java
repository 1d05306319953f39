package io.restcache.internal.runtime;

import io.restcache.internal.http.CacheOutcome;

/**
 * Where restcache reports what it did to the server's tracing: the cache outcome of each request, Redis
 * steps that failed or ran past the budget, and invalidations. The default does nothing; where the server
 * offers OpenTelemetry, {@code io.restcache.internal.ops.OpenTelemetrySpans} records them on the request's span.
 * Implementations are called on request threads and must neither block nor throw.
 */
public interface CacheTelemetry {

    /** Reports nothing: the server has no tracing restcache knows. */
    CacheTelemetry NONE = new CacheTelemetry() {
        @Override
        public RequestTrace request() {
            return RequestTrace.NONE;
        }

        @Override
        public void redisStepFailed(String step, long nanos, String reason) {
        }
    };

    /**
     * The current request's trace, taken while the server's span for it is current — in a request
     * filter: servers need not keep it current while response filters and writers run.
     */
    RequestTrace request();

    /**
     * A Redis step on the request path failed or took longer than the budget; recorded where the
     * request's span is current (lookups and fill starts, in the request filter).
     *
     * @param step what the step was ({@code lookup}, {@code store}, ...)
     * @param nanos how long the request waited for it
     * @param reason the {@code Cache-Status} detail the request goes on with ({@code redis-timeout}, ...)
     */
    void redisStepFailed(String step, long nanos, String reason);

    /** What one request reports, to the span taken when it began. */
    interface RequestTrace {

        /** Records nothing. */
        RequestTrace NONE = new RequestTrace() {
            @Override
            public void outcome(CacheOutcome outcome) {
            }

            @Override
            public void invalidation(int targets, boolean afterCommit) {
            }
        };

        /**
         * What restcache did with the request; called again when a later outcome replaces an earlier one (a
         * response labelled stored whose body then turned out too large): the last one counts.
         */
        void outcome(CacheOutcome outcome);

        /**
         * The request invalidates cached responses.
         *
         * @param targets how many tags and resources it names
         * @param afterCommit whether the purge waits for the request's transaction to commit
         */
        void invalidation(int targets, boolean afterCommit);
    }
}
