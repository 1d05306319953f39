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
        faults.add(fault("memcached-restart-empty", () -> {
            memcached.restartEmpty();       // entries and version counters gone; the nodes reconnect
            return System.nanoTime();
        }));
        faults.add(fault("memcached-sigstop-2s", () -> {
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

    private interface Injection {
        long inject() throws InterruptedException;
    }

    private static Fault fault(String name, Injection injection) {
        return new Fault() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long inject(RedisControl redis) throws InterruptedException {
                return injection.inject();
            }
        };
    }
}
