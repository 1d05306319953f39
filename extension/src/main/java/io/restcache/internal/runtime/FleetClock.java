package io.restcache.internal.runtime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * The fleet's clock: the server clock of the Redis that holds restcache's control state, estimated on
 * each node from its own clock plus an offset measured once a second (the control-state read returns
 * the server's time). Every time stored in an entry (stored at, fresh until, stale until) and every
 * comparison with one uses it, so nodes whose own clocks are tens of seconds apart still agree on
 * when an entry expires, and an {@code Age} computed on one node from an entry stored by another
 * never goes negative.
 *
 * <p>A sample is taken only when its round trip was short (at most {@link #MAX_SAMPLE_RTT_MICROS}), so
 * the estimate is within half that of the server's time; until the first sample it is the node's clock.
 */
public final class FleetClock extends Clock {

    /** Longest round trip of a sample that is used: the estimate's error is at most half of it. */
    static final long MAX_SAMPLE_RTT_MICROS = 50_000;

    /** What {@link #lowerBoundMicros} subtracts: the estimate's error, with room to spare. */
    static final long MARGIN_MICROS = 250_000;

    private final LongSupplier localMicros;
    private volatile long offsetMicros;

    /** @param localMicros this node's wall clock in µs since the epoch */
    public FleetClock(LongSupplier localMicros) {
        this.localMicros = localMicros;
    }

    /** The node's own wall clock as the local source. */
    public static FleetClock system() {
        return new FleetClock(() -> {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        });
    }

    /**
     * Takes a sample: the server's time, read by a call sent at local time {@code sentMicros} and answered
     * at {@code receivedMicros}.
     *
     * @return whether the sample was used (its round trip was short enough)
     */
    public boolean sample(long sentMicros, long serverMicros, long receivedMicros) {
        long rtt = receivedMicros - sentMicros;
        if (rtt < 0 || rtt > MAX_SAMPLE_RTT_MICROS) {
            return false;
        }
        offsetMicros = serverMicros - (sentMicros + rtt / 2);
        return true;
    }

    /** The fleet time in µs since the epoch. */
    public long micros() {
        return localMicros.getAsLong() + offsetMicros;
    }

    /** A time surely not after the fleet's current time (the estimate minus its error margin). */
    public long lowerBoundMicros() {
        return micros() - MARGIN_MICROS;
    }

    /** A time surely not before the fleet's current time (the estimate plus its error margin). */
    public long upperBoundMicros() {
        return micros() + MARGIN_MICROS;
    }

    /** This node's clock as it stands, for timing a sample. */
    public long localMicros() {
        return localMicros.getAsLong();
    }

    /** How far the fleet clock is ahead of this node's (negative: behind), in µs. */
    public long offsetMicros() {
        return offsetMicros;
    }

    @Override
    public long millis() {
        return micros() / 1000;
    }

    @Override
    public Instant instant() {
        long micros = micros();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the fleet clock is UTC");
    }
}
