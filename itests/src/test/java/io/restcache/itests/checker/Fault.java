package io.restcache.itests.checker;

/**
 * One phase's fault. {@link #inject} breaks something under load and returns once the fault has healed,
 * with the {@link System#nanoTime()} of the heal; the history's allowance under the fault counts from there.
 * A master failover on a multi-shard cluster is one more implementation, run against a cluster harness's
 * {@link RedisControl} and a fleet configured for that cluster.
 */
public interface Fault {

    /** The phase's name in the report. */
    String name();

    /**
     * Injects the fault and waits until it has healed.
     *
     * @return when it had healed, on the operations' clock
     */
    long inject(RedisControl redis) throws InterruptedException;
}
