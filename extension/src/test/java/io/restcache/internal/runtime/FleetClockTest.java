package io.restcache.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FleetClockTest {

    private final AtomicLong local = new AtomicLong(1_000_000_000_000L);
    private final FleetClock clock = new FleetClock(local::get);

    @Test
    void beforeAnySample_itIsTheNodesClock() {
        assertEquals(local.get(), clock.micros());
    }

    @Test
    void aNodeThirtySecondsAhead_agreesWithTheServer() {
        long server = local.get() - 30_000_000;            // this node's clock runs 30 s ahead
        assertTrue(clock.sample(local.get(), server + 2_000, local.get() + 4_000));
        assertEquals(server, clock.micros(), 1);
        local.addAndGet(60_000_000);
        assertEquals(server + 60_000_000, clock.micros(), 1, "the offset holds as the node's clock moves");
        assertEquals((server + 60_000_000) / 1000, clock.millis(), 1);
    }

    @Test
    void twoNodesThirtySecondsApart_computeTheSameExpiry() {
        long server = 5_000_000_000_000L;
        AtomicLong fast = new AtomicLong(server + 30_000_000);
        AtomicLong slow = new AtomicLong(server - 30_000_000);
        FleetClock a = new FleetClock(fast::get);
        FleetClock b = new FleetClock(slow::get);
        a.sample(fast.get(), server, fast.get());
        b.sample(slow.get(), server, slow.get());
        assertEquals(a.millis(), b.millis(), "an entry stored on A expires on B when A says it does");
    }

    @Test
    void aSlowSample_isNotUsed() {
        assertFalse(clock.sample(local.get(), local.get() + 99_000_000, local.get() + FleetClock.MAX_SAMPLE_RTT_MICROS + 1));
        assertEquals(local.get(), clock.micros());
    }

    @Test
    void theLowerBound_isBelowTheEstimate_byItsMargin() {
        clock.sample(local.get(), local.get() + 10, local.get());
        assertEquals(clock.micros() - FleetClock.MARGIN_MICROS, clock.lowerBoundMicros());
    }
}
