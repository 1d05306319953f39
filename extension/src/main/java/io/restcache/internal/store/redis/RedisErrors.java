package io.restcache.internal.store.redis;

import org.redisson.client.RedisOutOfMemoryException;

/** Tells Redis failures that say "Redis is unhealthy" from answers that refuse one command. */
public final class RedisErrors {

    private RedisErrors() {
    }

    /**
     * Whether Redis answered, refusing the command (out of memory under noeviction): the server is
     * reachable and fast, so this must not trip the circuit breaker — reads and purges still work.
     */
    public static boolean refusedByServer(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RedisOutOfMemoryException) {
                return true;
            }
        }
        return false;
    }
}
