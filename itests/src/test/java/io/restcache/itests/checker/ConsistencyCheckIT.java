package io.restcache.itests.checker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.support.MemcachedProcess;
import io.restcache.itests.support.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The consistency checker (issue 18): three Payara Micro nodes sharing one real PostgreSQL and one
 * redis-server, under concurrent readers and writers on every node, through one phase per fault. Each
 * phase's history must show no read stale beyond the allowance (the fan-out allowance while nothing is
 * broken, {@code restcache.near-cache.max-age} counted from the heal under a fault), no other user's body,
 * no non-2xx, and a cache really in use. A fourth node, running with the test-only switch that ignores
 * fleet messages, proves the checker sees stale reads when they happen. The same endpoints with their
 * entries in Memcached ({@code memcached/...}, on a memcached the test starts) then run through the
 * Memcached faults and the Redis faults that cut the fleet topic, judged by the same bounds. The first
 * node purges lazily every index past one member (an epoch instead of deletes: {@code
 * restcache.invalidation.lazy-above=1}), the others eagerly, so both purges are judged in every phase.
 *
 * <p>{@code -Drestcache.checker.seconds-per-phase=60} makes a soak of it (default 6 s of load after each
 * heal); {@code -Drestcache.checker.phases=none,flushall-x10} runs only the named phases.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsistencyCheckIT {

    /** Other nodes drop a written row within this (a fleet message plus a busy machine's scheduling). */
    private static final Duration FAN_OUT = Duration.ofMillis(250);
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration AFTER_HEAL = Duration.ofSeconds(Long.getLong("restcache.checker.seconds-per-phase", 6));
    private static final Set<String> PHASES = Arrays.stream(System.getProperty("restcache.checker.phases", "").split(","))
            .map(String::trim).filter(p -> !p.isEmpty()).collect(Collectors.toSet());
    private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    private static final String UNSAFE_NODE = "node-unsafe";
    private static final String MEMCACHED_PREFIX = "memcached/";

    private static CheckerFleet fleet;
    /** Every acknowledged write so far: a later phase's read must not go back behind them either. */
    private static final List<Operation> WRITES = new ArrayList<>();

    /** The Memcached of the {@code memcached/} endpoints (the Memcached store's phases). */
    private static MemcachedProcess memcached;

    @BeforeAll
    static void startFleet() {
        memcached = MemcachedProcess.start();
        fleet = CheckerFleet.start(new SingleRedis(RedisProcess.start()), NODES, List.of(UNSAFE_NODE),
                Map.of("restcache.memcached.servers", memcached.servers()));
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
        if (memcached != null) {
            memcached.close();
        }
    }

    @Test
    @Order(1)
    void everyPhase_noStaleReadBeyondTheBound_noOtherUsersBody_noCacheCausedError_cacheInUse() throws Exception {
        Driver driver = new Driver(fleet.safeNodes(), fleet.safeNodes(), 2);
        List<PhaseReport> reports = new ArrayList<>();
        // the JVMs' first seconds under load (JIT, pools, cold caches): checked, but its cache share is not judged
        PhaseReport jit = phase(driver, "jvm-warm-up", null, Duration.ofSeconds(2));
        long lazyPurges = -1;
        if (selected("none")) {
            reports.add(phase(driver, "none", null, WARM_UP));
            lazyPurges = unlinkCalls();     // before the first fault restarts Redis (and its statistics)
            System.out.println("[checker] lazy purges in phase none (UNLINK calls): " + lazyPurges);
        }
        for (Fault fault : Faults.all(NODES.get(1))) {
            if (selected(fault.name())) {
                reports.add(phase(driver, fault.name(), fault, WARM_UP));
            }
        }
        print(reports);
        List<String> failures = new ArrayList<>();
        if (!jit.passed(true, false)) {
            failures.add(jit.line() + jit.examples().stream().map(e -> "\n    " + e).collect(Collectors.joining()));
        }
        reports.stream().filter(r -> !r.passed()).map(ConsistencyCheckIT::failure).forEach(failures::add);
        assertTrue(failures.isEmpty(), "phases that broke a guarantee:\n" + String.join("\n", failures));
        assertTrue(lazyPurges != 0, "no lazy purge ran (no UNLINK of an index): the first node's purges were all eager");
    }

    /** UNLINK calls so far: only a lazy purge unlinks (an index past the lazy size). */
    private static long unlinkCalls() {
        for (String line : fleet.redis().command("INFO", "commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_unlink:")) {
                return Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
            }
        }
        return 0;
    }

    /** The switch makes the checker's own fleet unsafe: if no stale read showed up, the checker proves nothing. */
    @Test
    @Order(2)
    void fleetMessagesIgnored_theCheckerReportsStaleReads() throws Exception {
        Driver driver = new Driver(fleet.unsafeNode(UNSAFE_NODE), fleet.safeNodes(), 4);
        PhaseReport report = phase(driver, "unsafe-ignore-fleet-msgs", null, WARM_UP);
        print(List.of(report));
        assertTrue(report.staleReads() > 0, "with fleet messages ignored, the checker found no stale read: " + report.line());
    }

    /**
     * The same guarantees for the endpoints whose entries are in Memcached (version counters, the time fence,
     * counters forgotten on fleet messages), under Memcached's faults and the Redis faults that take the fleet
     * topic away. Phases are named {@code memcached/<fault>}.
     */
    @Test
    @Order(3)
    void memcachedStore_everyPhase_noStaleReadBeyondTheBound_noOtherUsersBody_noCacheCausedError_cacheInUse()
            throws Exception {
        Driver driver = new Driver(fleet.safeNodes(), fleet.safeNodes(), 2, MEMCACHED_PREFIX);
        List<PhaseReport> reports = new ArrayList<>();
        if (selected("memcached/none")) {
            reports.add(phase(driver, "memcached/none", null, WARM_UP));
        }
        for (Fault fault : MemcachedFaults.all(memcached, Faults.all(NODES.get(1)))) {
            if (selected("memcached/" + fault.name())) {
                reports.add(phase(driver, "memcached/" + fault.name(), fault, WARM_UP));
            }
        }
        print(reports);
        List<String> failures = new ArrayList<>();
        reports.stream().filter(r -> !r.passed()).map(ConsistencyCheckIT::failure).forEach(failures::add);
        assertTrue(failures.isEmpty(), "Memcached phases that broke a guarantee:\n" + String.join("\n", failures));
        assertTrue(reports.stream().anyMatch(r -> r.cacheStatuses().keySet().stream().anyMatch(s -> s.contains("detail=memcached"))),
                "no read was a Memcached hit: the phases did not exercise the Memcached store");
    }

    /** The switch also keeps the Memcached store's counter copies: the checker must see the stale reads. */
    @Test
    @Order(4)
    void memcachedStore_fleetMessagesIgnored_theCheckerReportsStaleReads() throws Exception {
        Driver driver = new Driver(fleet.unsafeNode(UNSAFE_NODE), fleet.safeNodes(), 4, MEMCACHED_PREFIX);
        PhaseReport report = phase(driver, "memcached/unsafe-ignore-fleet-msgs", null, WARM_UP);
        print(List.of(report));
        assertTrue(report.staleReads() > 0, "with fleet messages ignored, the checker found no stale read: " + report.line());
    }

    private static String failure(PhaseReport r) {
        return r.line() + "\n    Cache-Status: " + r.cacheStatuses() + (r.cacheShare() < r.minimumCacheShare()
                ? String.format(" (cache share under %.0f%%)", r.minimumCacheShare() * 100) : "")
                + r.examples().stream().map(e -> "\n    " + e).collect(Collectors.joining());
    }

    private static boolean selected(String phase) {
        return PHASES.isEmpty() || PHASES.contains(phase);
    }

    /** Warm-up without a fault, then the fault (if any) and {@link #AFTER_HEAL} of load after its heal. */
    private static PhaseReport phase(Driver driver, String name, Fault fault, Duration warmUp) throws InterruptedException {
        driver.start();
        List<Operation> history;
        PhaseWindow window;
        try {
            Thread.sleep(warmUp.toMillis());           // load runs meanwhile: the phase's length, not a wait for a condition
            if (fault == null) {
                window = PhaseWindow.faultFree(System.nanoTime(), FAN_OUT);
            } else {
                long injected = System.nanoTime();
                long healed = fault.inject(fleet.redis());
                window = new PhaseWindow(injected, healed, FAN_OUT, CheckerFleet.NEAR_MAX_AGE);
            }
            Thread.sleep(AFTER_HEAL.toMillis());
        } finally {
            history = driver.stop();
        }
        PhaseReport report = HistoryCheck.check(name, history, window, List.copyOf(WRITES));
        history.stream().filter(op -> op.kind() == Operation.Kind.WRITE).forEach(WRITES::add);
        System.out.println("[checker] " + report.line() + "\n[checker]   Cache-Status of the measured reads: "
                + report.cacheStatuses());
        return report;
    }

    private static void print(List<PhaseReport> reports) {
        StringBuilder table = new StringBuilder("[checker] ").append(PhaseReport.header());
        reports.forEach(r -> table.append("\n[checker] ").append(r.line()));
        System.out.println(table);
    }
}
