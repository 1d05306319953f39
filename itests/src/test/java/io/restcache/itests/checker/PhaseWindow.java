package io.restcache.itests.checker;

import java.time.Duration;

/**
 * When a phase's fault was injected and when it had healed, on the operations' clock, and the allowances
 * the history is checked with.
 *
 * @param faultNanos when the fault was injected ({@link Long#MAX_VALUE}: a fault-free phase)
 * @param healedNanos when the fault had healed; in a fault-free phase, when measuring the cache share starts
 * @param fanOut how long after a write's acknowledgement other nodes may still answer the old version
 *        while nothing is broken (the fleet message's delay)
 * @param bound the README's staleness bound under a fault ({@code restcache.near-cache.max-age}),
 *        counted from when the fault healed
 */
public record PhaseWindow(long faultNanos, long healedNanos, Duration fanOut, Duration bound) {

    /** A phase without a fault; the cache share is measured from {@code measureFromNanos} on. */
    public static PhaseWindow faultFree(long measureFromNanos, Duration fanOut) {
        return new PhaseWindow(Long.MAX_VALUE, measureFromNanos, fanOut, Duration.ZERO);
    }

    public boolean hasFault() {
        return faultNanos != Long.MAX_VALUE;
    }

    /**
     * The latest start of a read that may still return what a write acknowledged at {@code ackNanos}
     * replaced: the fan-out allowance when the fan-out was over before the fault began, else the bound
     * counted from the later of the acknowledgement and the heal. Never decreases as {@code ackNanos} grows.
     */
    long deadline(long ackNanos) {
        long fanOutDone = ackNanos + fanOut.toNanos();
        if (fanOutDone < faultNanos) {
            return fanOutDone;
        }
        return Math.max(ackNanos, healedNanos) + bound.toNanos();
    }
}
