package io.restcache.itests.checker;

import io.restcache.itests.support.MemcachedProcess;
import java.util.List;

/**
 * The faults of the Memcached store's phases: Memcached's own (a crash with its data lost, a server that
 * stops answering) and the Redis faults that take the fleet topic away, which the Memcached store leans on
 * for the near cache and for other nodes' copies of its version counters.
 */
final class MemcachedFaults {

    private MemcachedFaults() {
    }

    /** The phases, in order; {@code redisFaults} are the default run's, of which the topic-losing ones are taken. */
    static List<Fault> all(MemcachedProcess memcached, List<Fault> redisFaults) {
        List<Fault> faults = new java.util.ArrayList<>();
        faults.add(Faults.fault("memcached-restart-empty", redis -> {
            memcached.restartEmpty();       // entries and version counters gone; the nodes reconnect
            return System.nanoTime();
        }));
        faults.add(Faults.fault("memcached-sigstop-2s", redis -> {
            memcached.pause();
            try {
                Thread.sleep(Faults.HELD.toMillis());
            } finally {
                memcached.resume();
            }
            return System.nanoTime();
        }));
        redisFaults.stream().filter(f -> f.name().equals("redis-restart-empty") || f.name().equals("client-kill-pubsub"))
                .forEach(faults::add);
        return faults;
    }
}
