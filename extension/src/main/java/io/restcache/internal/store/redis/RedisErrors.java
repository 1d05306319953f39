package io.restcache.internal.store.redis;

import org.redisson.client.RedisOutOfMemoryException;

/** Tells Redis failures that say "Redis is unhealthy" from answers that refuse one command or one confirmation. */
public final class RedisErrors {

    private RedisErrors() {
    }

    /**
     * Whether Redis answered, refusing the command (out of memory under noeviction): the server is
     * reachable and fast, so this must not trip the circuit breaker — reads and purges still work.
     */
    public static boolean refusedByServer(Throwable error) {
        return causedBy(error, RedisOutOfMemoryException.class);
    }

    /**
     * Whether a purge failed only because no replica confirmed it ({@link ReplicatedWrites.UnreplicatedWrite}):
     * its writes are applied on the primaries, and it is retried until a replica has them.
     */
    public static boolean appliedUnconfirmed(Throwable error) {
        return causedBy(error, ReplicatedWrites.UnreplicatedWrite.class);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> kind) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
