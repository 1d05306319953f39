package io.restcache.internal.store;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lease tokens that no other fill in the fleet holds: a random prefix drawn once per process, then a
 * counter. A token only has to differ from every other live lease's token on the same variant, and a
 * 64-bit random prefix per process with a counter behind it does that without a {@code SecureRandom}
 * draw per miss ({@code UUID.randomUUID} takes the platform's entropy lock on every call).
 */
public final class LeaseTokens {

    private static final String PREFIX = HexFormat.of().toHexDigits(new SecureRandom().nextLong()) + "-";
    private static final AtomicLong COUNTER = new AtomicLong();

    private LeaseTokens() {
    }

    /** A token not handed out before by any process (up to a 2^-64 chance per pair of processes). */
    public static String next() {
        return PREFIX + Long.toString(COUNTER.incrementAndGet(), 36);
    }
}
