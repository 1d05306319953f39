package io.restcache.itests.checker;

import java.time.Duration;

/**
 * The failover phases: a master is killed with SIGKILL under load, its replica is promoted (the heal), and the
 * dead node comes back empty as a replica. Each fault remembers how long the promotion and the full recovery
 * (the restarted node replicating again) took, for the report.
 */
final class Failovers {

    private Failovers() {
    }

    /** How long one failover took, on the operations' clock. */
    static final class Timing {
        volatile long killedNanos;
        volatile long promotedNanos;
        volatile long recoveredNanos;

        Duration toPromotion() {
            return Duration.ofNanos(promotedNanos - killedNanos);
        }

        Duration toFullRecovery() {
            return Duration.ofNanos(recoveredNanos - killedNanos);
        }
    }

    /** A fault that records its {@link Timing}. */
    interface TimedFault extends Fault {
        Timing timing();
    }

    /** Kills the cluster master that owns restcache's control keys ({@code {c}:ctl}, {@code {c}:seq}). */
    static TimedFault controlMaster() {
        return timed("control-master-killed", (redis, timing) -> {
            ClusterControl cluster = (ClusterControl) redis;
            failOver(cluster, cluster.controlMaster(), timing);
        });
    }

    /** Kills a cluster master that holds entries only (not the control keys' slot). */
    static TimedFault entriesMaster() {
        return timed("entries-master-killed", (redis, timing) -> {
            ClusterControl cluster = (ClusterControl) redis;
            int control = cluster.controlMaster();
            int victim = cluster.cluster().masters().stream().filter(p -> p != control).findFirst().orElseThrow();
            failOver(cluster, victim, timing);
        });
    }

    /** Kills the Sentinel setup's primary, which holds everything. */
    static TimedFault sentinelPrimary() {
        return timed("primary-killed", (redis, timing) -> {
            SentinelControl sentinel = (SentinelControl) redis;
            timing.killedNanos = System.nanoTime();
            int dead = sentinel.sentinel().killPrimary();
            int promoted = sentinel.sentinel().awaitNewPrimary(dead, ClusterControl.FAILOVER);
            timing.promotedNanos = System.nanoTime();
            int steady = sentinel.sentinel().restart(dead, ClusterControl.FAILOVER);
            timing.recoveredNanos = System.nanoTime();
            if (steady != promoted) {
                // the sentinels failed over once more while the dead node was resynchronised (a loaded
                // machine): the fleet met a second failover, so the bound counts from the last promotion
                System.out.printf("[failover] Sentinel: a second failover (%d -> %d) during the restart of %d;"
                        + " the bound counts from when it was seen%n", promoted, steady, dead);
                timing.promotedNanos = timing.recoveredNanos;
            }
        });
    }

    private static void failOver(ClusterControl cluster, int master, Timing timing) {
        timing.killedNanos = System.nanoTime();
        cluster.cluster().kill(master);
        cluster.cluster().awaitPromotion(master, ClusterControl.FAILOVER);
        timing.promotedNanos = System.nanoTime();
        cluster.cluster().restart(master, ClusterControl.FAILOVER);
        timing.recoveredNanos = System.nanoTime();
    }

    private interface Step {
        void run(RedisControl redis, Timing timing);
    }

    /**
     * The heal is the promotion: from then on every slot has a master, and the README's bound (the near
     * cache's max-age) counts from there. The restart of the dead node happens under load, inside the phase.
     */
    private static TimedFault timed(String name, Step step) {
        Timing timing = new Timing();
        return new TimedFault() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long inject(RedisControl redis) {
                step.run(redis, timing);
                return timing.promotedNanos;
            }

            @Override
            public Timing timing() {
                return timing;
            }
        };
    }
}
