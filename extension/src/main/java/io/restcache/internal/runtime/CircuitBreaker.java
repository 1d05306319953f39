package io.restcache.internal.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/*
 * Design note. A Redis that is down answers fast (connection refused) but one that is slow or
 * black-holed makes every request wait its whole budget. After `threshold` consecutive failures the
 * breaker opens: requests skip Redis entirely (near entries still serve, within their maximum age) for
 * `openFor`; then one request at a time probes Redis (half-open); a success closes the breaker, a
 * failure re-opens it. One log line when it opens, one when it closes.
 */
/** Skips Redis on the request path while it keeps failing, and probes for its recovery. */
public final class CircuitBreaker {

    private static final Logger LOG = Logger.getLogger(CircuitBreaker.class.getName());

    /** The breaker's state, for health checks and metrics. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong openedAt = new AtomicLong(-1);
    private final AtomicBoolean probing = new AtomicBoolean();

    public CircuitBreaker(int threshold, Duration openFor, Clock clock) {
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether this request may use Redis now. While open, only one probe at a time after the pause. */
    public boolean allow() {
        long opened = openedAt.get();
        if (opened < 0) {
            return true;
        }
        if (clock.millis() - opened < openFor.toMillis()) {
            return false;
        }
        return probing.compareAndSet(false, true);
    }

    public void success() {
        // every Redis call ends here: write only what changes, so that the request threads of all cores do
        // not pass this breaker's cache line between them with three fenced writes per call when nothing
        // changes (a write skipped here is ordered as if this success came before the concurrent failure)
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
        if (probing.get()) {
            probing.set(false);
        }
        if (openedAt.get() < 0) {
            return;
        }
        long opened = openedAt.getAndSet(-1);
        if (opened >= 0) {
            LOG.info(() -> "restcache: Redis answers again; circuit closed after "
                    + (clock.millis() - opened) + " ms, caching resumed");
        }
    }

    public void failure() {
        int failures = consecutiveFailures.incrementAndGet();
        if (probing.getAndSet(false)) {
            openedAt.set(clock.millis());           // the probe failed: stay open for another pause
            return;
        }
        if (failures >= threshold && openedAt.compareAndSet(-1, clock.millis())) {
            LOG.warning(() -> "restcache: Redis failed " + failures + " times in a row; circuit open, requests "
                    + "skip Redis and probe again every " + openFor.toMillis() + " ms");
        }
    }

    /**
     * A call ended without telling anything about Redis (interrupted, or failed before reaching it): a
     * probe it held is given back, so the next request probes instead of the breaker waiting forever.
     */
    public void abandon() {
        probing.set(false);
    }

    public State state() {
        long opened = openedAt.get();
        if (opened < 0) {
            return State.CLOSED;
        }
        return clock.millis() - opened < openFor.toMillis() ? State.OPEN : State.HALF_OPEN;
    }
}
