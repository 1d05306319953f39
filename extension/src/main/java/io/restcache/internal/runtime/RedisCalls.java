package io.restcache.internal.runtime;

import io.restcache.internal.store.redis.RedisErrors;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Every Redis step on the request path goes through here: skipped while the circuit is open, bounded
 * by the request's Redis budget, timed, and counted; a failure is logged (rate-limited) and reported
 * to the caller as the reason to go on uncached — never as an error for the client.
 */
public final class RedisCalls {

    private final CircuitBreakers breakers;
    private final CacheMetrics metrics;
    private final Supplier<CacheTelemetry> telemetry;
    private final RateLimitedLog problems;
    private final Duration budget;
    private final String backend;

    public RedisCalls(CircuitBreakers breakers, CacheMetrics metrics, RateLimitedLog problems, Duration budget) {
        this("Redis", breakers, metrics, () -> CacheTelemetry.NONE, problems, budget);
    }

    /** @param telemetry where a failed or slow step is reported (read per call: a bridge may attach later) */
    public RedisCalls(CircuitBreakers breakers, CacheMetrics metrics, Supplier<CacheTelemetry> telemetry,
            RateLimitedLog problems, Duration budget) {
        this("Redis", breakers, metrics, telemetry, problems, budget);
    }

    /**
     * Calls to another store (Memcached) with their own breakers.
     *
     * @param backend the store's name in log messages
     * @param telemetry where a failed or slow step is reported (read per call: a bridge may attach later)
     */
    public RedisCalls(String backend, CircuitBreakers breakers, CacheMetrics metrics, Supplier<CacheTelemetry> telemetry,
            RateLimitedLog problems, Duration budget) {
        this.backend = backend;
        this.breakers = breakers;
        this.metrics = metrics;
        this.telemetry = telemetry;
        this.problems = problems;
        this.budget = budget;
    }

    /**
     * @param what what the step is, for the log ("lookup", "store", ...)
     * @throws RedisSkipped with the {@code Cache-Status} detail to report
     */
    public <T> T call(String what, Supplier<? extends CompletionStage<T>> step) throws RedisSkipped {
        return call(what, null, step);
    }

    /**
     * A step on one key: it goes through the circuit breaker of the key's failure domain (its slot range
     * on a cluster), so a failing master does not stop the calls to healthy ones.
     *
     * @param key the Redis key the step is about (null: the default domain)
     */
    public <T> T call(String what, String key, Supplier<? extends CompletionStage<T>> step) throws RedisSkipped {
        long start = System.nanoTime();
        try {
            return judged(what, key, step, start);
        } catch (RedisSkipped skipped) {
            telemetry.get().redisStepFailed(what, System.nanoTime() - start, skipped.reason());
            throw skipped;
        }
    }

    private <T> T judged(String what, String key, Supplier<? extends CompletionStage<T>> step, long start)
            throws RedisSkipped {
        CircuitBreaker breaker = breakers.forKey(key);
        if (!breaker.allow()) {
            throw new RedisSkipped("redis-breaker-open");
        }
        boolean judged = false;
        try {
            CompletionStage<T> pending;
            try {
                pending = step.get();
            } catch (RuntimeException local) {
                // thrown before anything reached Redis (an entry that cannot be encoded, say): not Redis's fault
                problems.warn(what + "-local", "restcache: " + what + " could not be sent (" + local
                        + "); going on uncached");
                throw new RedisSkipped("redis-error");
            }
            T result = pending.toCompletableFuture().get(budget.toMillis(), TimeUnit.MILLISECONDS);
            judged = true;
            breaker.success();
            return result;
        } catch (TimeoutException e) {
            judged = true;
            breaker.failure();
            problems.warn(backend + what + "-timeout", "restcache: " + backend + " " + what + " took longer than the " + budget.toMillis()
                    + " ms budget; going on uncached");
            throw new RedisSkipped("redis-timeout");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            judged = true;
            if (RedisErrors.refusedByServer(cause)) {
                breaker.success();       // Redis answered at once: it is up, it only refused this write
                problems.warn(backend + what + "-refused", "restcache: " + backend + " refused a " + what + " (" + cause.getMessage()
                        + "); going on uncached");
                throw new RedisSkipped("redis-refused");
            }
            breaker.failure();
            problems.warn(backend + what + "-error", "restcache: " + backend + " " + what + " failed (" + cause + "); going on uncached");
            throw new RedisSkipped("redis-error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisSkipped("interrupted");
        } finally {
            if (!judged) {
                breaker.abandon();      // interrupted, or an Error: the probe (if this was one) is given back
            }
            metrics.redisLatency(System.nanoTime() - start);
        }
    }

    /** Why a Redis step did not happen or did not succeed; {@link #reason()} is the Cache-Status detail. */
    public static final class RedisSkipped extends Exception {
        private static final long serialVersionUID = 1L;

        public RedisSkipped(String reason) {
            super(reason, null, false, false);
        }

        public String reason() {
            return getMessage();
        }
    }
}
