package io.restcache.internal.runtime;

import io.restcache.internal.store.redis.HashSlot;
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
    private final List<String> probeKeys = new ArrayList<>();
    private volatile boolean perSlotRange;

    public CircuitBreakers(int threshold, Duration openFor, Clock clock) {
        for (int i = 0; i < SLOT_RANGES; i++) {
            breakers.add(new CircuitBreaker(threshold, openFor, clock));
            probeKeys.add(probeKeyFor(i));
        }
    }

    /** A key whose hash slot lies in the range: a read of it probes the master that owns the range. */
    private static String probeKeyFor(int range) {
        for (int n = 0; ; n++) {
            String key = "restcache-probe:{" + range + "-" + n + "}";
            if (HashSlot.of(key) * SLOT_RANGES / HashSlot.SLOTS == range) {
                return key;
            }
        }
    }

    /**
     * The breakers that are not closed, each with a key to probe its domain with. A background task reads
     * those keys and closes a breaker as soon as its domain answers, so that recovery does not wait for a
     * request's probe — which, with the request budget, can time out on a Redis that is still draining
     * the commands queued while it was unreachable.
     */
    public java.util.Map<String, CircuitBreaker> toProbe() {
        java.util.Map<String, CircuitBreaker> open = new java.util.LinkedHashMap<>();
        int domains = perSlotRange ? SLOT_RANGES : 1;
        for (int i = 0; i < domains; i++) {
            if (breakers.get(i).state() != CircuitBreaker.State.CLOSED) {
                open.put(probeKeys.get(i), breakers.get(i));
            }
        }
        return open;
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
