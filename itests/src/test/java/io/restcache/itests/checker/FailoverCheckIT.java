package io.restcache.itests.checker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.support.RedisCluster;
import io.restcache.itests.support.RedisSentinel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The consistency checker through master failovers (issue 13): a fleet of Payara Micro nodes sharing one real
 * PostgreSQL reads and writes through a real 3-master + 3-replica cluster while the master that holds
 * restcache's control keys is killed ({@code kill -9}), then, separately, a master that holds only entries;
 * and through a Sentinel setup while its primary is killed. Each failover phase must show no read stale
 * beyond the README's failover bound ({@link #FAILOVER_BOUND}, counted from the promotion), no non-2xx, no other
 * user's body, a cache in use after the promotion; and once the dead node is back, a sweep of every row on
 * every node must find no lost invalidation.
 *
 * <p>Each phase prints the figures BENCHMARKS.md's failover table quotes. {@code
 * -Drestcache.failover.seconds-after-heal=60} makes a longer run of it (default 6 s of load after the
 * promotion, which includes the dead node's restart).
 */
class FailoverCheckIT {

    private static final Duration FAN_OUT = Duration.ofMillis(250);
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    /**
     * The bound under a failover, counted from the promotion: a purge that failed while the master was dead
     * waits in the retry backlog for its next backoff step (100 ms doubling to 5 s, README "Never lost
     * silently"), and its fleet message then reaches the other nodes within the fan-out allowance. The near
     * cache's max-age alone (the bound of a lost fleet message) is not enough here: the first run saw a Redis
     * hit 4,991 ms after a newer write was acknowledged, 2.6 s past the promotion plus that max-age.
     */
    static final Duration FAILOVER_BOUND = Duration.ofSeconds(5).plus(FAN_OUT);
    private static final Duration AFTER_HEAL = Duration.ofSeconds(Long.getLong("restcache.failover.seconds-after-heal", 6));
    /** Two nodes keep the run within its CI budget; a write on one is read on the other at once. */
    private static final List<String> NODES = List.of("node-1", "node-2");

    @Test
    void cluster_controlMasterAndEntriesMasterKilled_noLostInvalidation_noCacheCausedError_staleOnlyWithinTheBound()
            throws Exception {
        run("3-master cluster", () -> new ClusterControl(RedisCluster.start()),
                List.of(Failovers.controlMaster(), Failovers.entriesMaster()));
    }

    @Test
    void sentinel_primaryKilled_noLostInvalidation_noCacheCausedError_staleOnlyWithinTheBound() throws Exception {
        run("Sentinel", () -> new SentinelControl(RedisSentinel.start()), List.of(Failovers.sentinelPrimary()));
    }

    private static void run(String topology, Supplier<RedisControl> redis, List<Failovers.TimedFault> faults)
            throws Exception {
        List<String> failures = new ArrayList<>();
        List<Operation> writes = new ArrayList<>();
        try (CheckerFleet fleet = CheckerFleet.start(redis.get(), NODES, List.of())) {
            Driver driver = new Driver(fleet.safeNodes(), fleet.safeNodes(), 2);
            // the JVMs' first seconds under load: checked, but its cache share is not judged
            check(fleet, driver, "jvm-warm-up", null, Duration.ofSeconds(2), writes, failures, topology);
            for (Failovers.TimedFault fault : faults) {
                check(fleet, driver, fault.name(), fault, WARM_UP, writes, failures, topology);
            }
        }
        assertTrue(failures.isEmpty(), topology + ": phases that broke a guarantee:\n" + String.join("\n", failures));
    }

    private static void check(CheckerFleet fleet, Driver driver, String name, Failovers.TimedFault fault,
            Duration warmUp, List<Operation> writes, List<String> failures, String topology) throws InterruptedException {
        driver.start();
        List<Operation> history;
        PhaseWindow window;
        long injected = Long.MAX_VALUE;
        try {
            Thread.sleep(warmUp.toMillis());           // load runs meanwhile: the phase's length, not a wait for a condition
            if (fault == null) {
                window = PhaseWindow.faultFree(System.nanoTime(), FAN_OUT);
            } else {
                injected = System.nanoTime();
                long healed = fault.inject(fleet.redis());
                window = new PhaseWindow(injected, healed, FAN_OUT, FAILOVER_BOUND);
            }
            Thread.sleep(AFTER_HEAL.toMillis());
        } finally {
            history = driver.stop();
        }
        PhaseReport report = HistoryCheck.check(name, history, window, List.copyOf(writes));
        history.stream().filter(op -> op.kind() == Operation.Kind.WRITE).forEach(writes::add);
        boolean judgeShare = fault != null;
        boolean judgeUnbacked = fault == null;
        // what is not judged (below) is printed with a star
        System.out.println("[failover] " + topology + ": " + PhaseReport.header() + "\n[failover] " + topology + ": "
                + report.line(judgeUnbacked, judgeShare) + "\n[failover]   Cache-Status after the promotion: "
                + report.cacheStatuses());
        // A master failover loses the writes its replica had not received yet (Redis replicates
        // asynchronously: an acknowledged write can be lost at a failover, as Redis documents), so an entry
        // a node was told was stored can be gone after the promotion. Such "unbacked" stores are printed
        // but, in a failover phase, not judged: what is judged is what restcache controls — no stale read
        // past the bound, no other user's body, no error, no lost invalidation (the sweep below).
        if (report.unbackedStores() > 0 && !judgeUnbacked) {
            System.out.printf("[failover] %s %s: %d stored answer(s) whose entry the failover lost (not judged)%n",
                    topology, name, report.unbackedStores());
        }
        if (!report.passed(judgeUnbacked, judgeShare)) {
            failures.add(report.line() + report.examples().stream().map(e -> "\n    " + e).collect(Collectors.joining()));
        }
        if (fault == null) {
            return;
        }
        Failovers.Timing timing = fault.timing();
        long from = injected;
        List<Operation> during = history.stream()
                .filter(op -> op.read() && op.ok() && op.startNanos() >= from && op.startNanos() < timing.promotedNanos)
                .toList();
        long staleDuring = history.stream().filter(op -> op.read() && op.ok() && op.startNanos() >= from
                && stale(op, writes)).count();
        long hitsDuring = during.stream().filter(Operation::cacheHit).count();
        // with the load stopped and the dead node back, every row on every node must show its last write
        PhaseReport sweep = HistoryCheck.check(name + "-sweep", driver.sweep(), PhaseWindow.faultFree(Long.MAX_VALUE, FAN_OUT),
                List.copyOf(writes));
        System.out.printf("[failover] %s %s: promoted after %d ms, fully recovered after %d ms; during the failover "
                + "%d of %d reads were hits (%.1f%%); reads older than an acknowledged write from the kill on: %d "
                + "(max %d ms, the bound is %d ms from the promotion); lost invalidations after recovery: %d of %d reads%n",
                topology, name, timing.toPromotion().toMillis(), timing.toFullRecovery().toMillis(), hitsDuring,
                during.size(), during.isEmpty() ? 0 : 100.0 * hitsDuring / during.size(), staleDuring,
                report.maxStalenessMillis(), FAILOVER_BOUND.toMillis(), sweep.staleReads(), sweep.operations());
        if (sweep.staleReads() + sweep.non2xx() > 0) {
            failures.add("after recovery: " + sweep.line() + sweep.examples().stream().map(e -> "\n    " + e)
                    .collect(Collectors.joining()));
        }
    }

    /** Whether a read returned a row older than a version acknowledged before the read began. */
    private static boolean stale(Operation read, List<Operation> writes) {
        return read.versions().entrySet().stream().anyMatch(seen -> writes.stream().anyMatch(w -> w.endNanos() < read.startNanos()
                && w.versions().getOrDefault(seen.getKey(), Long.MIN_VALUE) > seen.getValue()));
    }
}
