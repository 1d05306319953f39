package io.restcache.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/*
 * Design note. A failure domain should match Redis's. On one Redis (or a Sentinel-managed primary) there
 * is one: one breaker. On a cluster each master fails on its own, so one dead master must not switch the
 * cache off for keys on healthy ones: keys get the breaker of their hash slot's range (SLOT_RANGES ranges
 * of 16384 / SLOT_RANGES slots; a master owns contiguous ranges, so a dead master opens only its own
 * ranges' breakers, each after its own run of failures). The ranges are fixed rather than read from the
 * cluster's slot map: no extra topology tracking, and a resharding only changes which master a range's
 * failures come from.
 */
/** The circuit breakers of restcache's Redis calls: one per failure domain. */
public final class CircuitBreakers {

    /** Breakers on a cluster: 64 ranges of 256 slots. */
    static final int SLOT_RANGES = 64;

    private final List<CircuitBreaker> breakers = new ArrayList<>();
    private volatile boolean perSlotRange;

    public CircuitBreakers(int threshold, Duration openFor, Clock clock) {
        for (int i = 0; i < SLOT_RANGES; i++) {
            breakers.add(new CircuitBreaker(threshold, openFor, clock));
        }
    }

    /** Switches to one breaker per slot range (the client connected to a cluster). */
    public void perSlotRange(boolean cluster) {
        this.perSlotRange = cluster;
    }

    /** The breaker of the failure domain that holds {@code key}. */
    public CircuitBreaker forKey(String key) {
        if (!perSlotRange || key == null) {
            return breakers.get(0);
        }
        return breakers.get(HashSlot.of(key) * SLOT_RANGES / HashSlot.SLOTS);
    }

    /** The worst state of any domain (open, else half-open, else closed): for health and metrics. */
    public CircuitBreaker.State state() {
        CircuitBreaker.State worst = CircuitBreaker.State.CLOSED;
        for (CircuitBreaker b : perSlotRange ? breakers : breakers.subList(0, 1)) {
            CircuitBreaker.State s = b.state();
            if (s == CircuitBreaker.State.OPEN) {
                return s;
            }
            if (s == CircuitBreaker.State.HALF_OPEN) {
                worst = s;
            }
        }
        return worst;
    }

    /** How many domains are not closed. */
    public int notClosed() {
        int n = 0;
        for (CircuitBreaker b : perSlotRange ? breakers : breakers.subList(0, 1)) {
            n += b.state() == CircuitBreaker.State.CLOSED ? 0 : 1;
        }
        return n;
    }
}
