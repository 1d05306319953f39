package io.restcache.itests.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.checker.Operation.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The history check on tiny hand-written histories (times in milliseconds). */
class HistoryCheckTest {

    private static final Duration FAN_OUT = Duration.ofMillis(250);
    private static final Duration BOUND = Duration.ofSeconds(3);

    @Test
    void readOfAnOlderVersion_pastTheFanOutAllowance_isAViolation() {
        List<Operation> history = List.of(
                write(1, 2, 0, 10),
                read(1, 1, 300, 305, "restcache; hit; ttl=50; detail=near"));
        PhaseReport report = HistoryCheck.check("p", history, PhaseWindow.faultFree(0, FAN_OUT));
        assertEquals(1, report.staleReads());
        assertEquals(290, report.maxStalenessMillis());
        assertTrue(report.examples().get(0).startsWith("row 1 version 1"), report.examples().toString());
    }

    @Test
    void readsWithinTheAllowance_newerThanTheAck_orBeforeIt_areNotViolations() {
        List<Operation> history = List.of(
                read(1, 1, 5, 8, "restcache; hit; ttl=50; detail=near"),       // started before the ack
                write(1, 2, 0, 10),
                read(1, 1, 200, 205, "restcache; hit; ttl=50; detail=near"),    // within 250 ms
                read(1, 3, 400, 405, "restcache; fwd=miss; stored"),           // a write in flight
                read(1, 2, 900, 905, "restcache; hit; ttl=50; detail=redis"));
        PhaseReport report = HistoryCheck.check("p", history, PhaseWindow.faultFree(0, FAN_OUT));
        assertEquals(0, report.staleReads());
        assertEquals(190, report.maxStalenessMillis(), "the allowed stale read is still measured");
        assertEquals(0.75, report.cacheShare(), 1e-9);
        assertTrue(report.passed());
    }

    /**
     * FailoverCheckIT's sweep after recovery: a read, long after the failover, of a version older than one an
     * earlier phase acknowledged is a lost invalidation, and the check counts it (so the sweep can fail).
     */
    @Test
    void sweepAfterRecovery_readOlderThanAnEarlierPhasesWrite_isCountedAsLost() {
        List<Operation> earlier = List.of(write(1, 2, 0, 10));
        List<Operation> sweep = List.of(read(1, 1, 60_000, 60_005, "restcache; hit; ttl=50; detail=redis"),
                read(1, 2, 60_010, 60_015, "restcache; hit; ttl=50; detail=redis"));
        PhaseReport report = HistoryCheck.check("sweep", sweep, PhaseWindow.faultFree(Long.MAX_VALUE, FAN_OUT), earlier);
        assertEquals(1, report.staleReads());
        assertEquals(2, report.operations());
    }

    @Test
    void duringAFault_theBoundCountsFromTheHeal() {
        // the fault runs from 1000 to 2000 ms: a write acknowledged at 1500 may be missed until 5000 ms
        PhaseWindow window = new PhaseWindow(ms(1000), ms(2000), FAN_OUT, BOUND);
        List<Operation> allowed = List.of(write(1, 2, 1400, 1500), read(1, 1, 4900, 4910, "restcache; hit; ttl=9; detail=near"));
        List<Operation> late = List.of(write(1, 2, 1400, 1500), read(1, 1, 5100, 5110, "restcache; hit; ttl=9; detail=near"));
        assertEquals(0, HistoryCheck.check("p", allowed, window).staleReads());
        assertEquals(1, HistoryCheck.check("p", late, window).staleReads());
    }

    @Test
    void readsAfterWrite_staleWithinTheAllowance_areCountedApart() {
        List<Operation> history = List.of(
                write(1, 2, 0, 10),
                new Operation(Kind.READ_AFTER_WRITE, "n2", null, ms(11), ms(12), 200, "restcache; hit; ttl=5; detail=near",
                        Map.of(1, 1L), Set.of("u")),
                new Operation(Kind.READ_AFTER_WRITE, "n3", null, ms(11), ms(13), 200, "restcache; fwd=miss; stored",
                        Map.of(1, 2L), Set.of("u")));
        PhaseReport report = HistoryCheck.check("p", history, PhaseWindow.faultFree(0, FAN_OUT));
        assertEquals(0, report.staleReads());
        assertEquals(2, report.afterWriteReads());
        assertEquals(1, report.afterWriteStale());
    }

    @Test
    void storedAnswer_whoseNextReadMissesWithNoWriteBetween_isUnbacked() {
        List<Operation> history = List.of(
                read(1, 1, 0, 10, "restcache; fwd=miss; stored"),
                read(1, 1, 50, 55, "restcache; fwd=miss; stored"),          // within the settle time: not judged
                read(1, 1, 200, 205, "restcache; fwd=miss; stored"));
        PhaseReport report = HistoryCheck.check("p", history, PhaseWindow.faultFree(0, FAN_OUT));
        assertEquals(2, report.unbackedStores(), "the first two stored answers were contradicted by the read at 200 ms");
        assertTrue(!report.passed());
    }

    @Test
    void storedAnswer_withinTheBoundAfterAHeal_isNotJudged_laterOnesAre() {
        List<Operation> history = List.of(
                read(1, 1, 1100, 1110, "restcache; fwd=miss; stored"),    // 100 ms after the heal: not judged
                read(1, 1, 1300, 1305, "restcache; fwd=miss; stored"),    // 300 ms after: judged, contradicted
                read(1, 1, 1500, 1505, "restcache; fwd=miss; stored"));
        PhaseWindow window = new PhaseWindow(ms(500), ms(1000), FAN_OUT, Duration.ofMillis(200));
        assertEquals(1, HistoryCheck.check("p", history, window).unbackedStores());
    }

    @Test
    void storedAnswer_followedByAHit_orByAWriteOfTheRow_isBacked() {
        List<Operation> hit = List.of(
                read(1, 1, 0, 10, "restcache; fwd=miss; stored"),
                read(1, 1, 200, 205, "restcache; hit; ttl=50; detail=redis"));
        List<Operation> written = List.of(
                read(1, 1, 0, 10, "restcache; fwd=miss; stored"),
                write(1, 2, 5, 150),                                         // may have fenced the store
                read(1, 2, 200, 205, "restcache; fwd=miss; stored"));
        assertEquals(0, HistoryCheck.check("p", hit, PhaseWindow.faultFree(0, FAN_OUT)).unbackedStores());
        assertEquals(0, HistoryCheck.check("p", written, PhaseWindow.faultFree(0, FAN_OUT)).unbackedStores());
    }

    @Test
    void aWriteAcknowledgedInAnEarlierPhase_stillCounts() {
        List<Operation> earlier = List.of(write(1, 2, 0, 10));
        List<Operation> history = List.of(read(1, 1, 1000, 1005, "restcache; hit; ttl=50; detail=near"));
        PhaseReport report = HistoryCheck.check("p", history, PhaseWindow.faultFree(0, FAN_OUT), earlier);
        assertEquals(1, report.staleReads());
        assertEquals(1, report.operations(), "earlier operations are not this phase's");
    }

    @Test
    void anotherUsersRows_inAPerUserBody_areCounted() {
        Operation mine = new Operation(Kind.READ_MINE, "n1", "alice", ms(1), ms(2), 200, "restcache; hit; ttl=5; detail=near",
                Map.of(1, 1L), Set.of("alice", "bob"));
        PhaseReport report = HistoryCheck.check("p", List.of(mine), PhaseWindow.faultFree(0, FAN_OUT));
        assertEquals(1, report.foreignBodies());
        assertTrue(!report.passed());
    }

    @Test
    void non2xxAndMissingResponses_areCounted_andALowCacheShareFails() {
        List<Operation> history = List.of(
                new Operation(Kind.READ_ROW, "n1", null, ms(1), ms(2), 503, "", Map.of(), Set.of()),
                new Operation(Kind.WRITE, "n1", null, ms(1), ms(2), -1, "", Map.of(), Set.of()),
                read(1, 1, 3, 4, "restcache; fwd=miss; stored"));
        PhaseReport report = HistoryCheck.check("p", history, PhaseWindow.faultFree(0, FAN_OUT));
        assertEquals(2, report.non2xx());
        assertEquals(0.0, report.cacheShare());
        assertTrue(!report.passed());
    }

    private static Operation write(int row, long version, long startMs, long endMs) {
        return new Operation(Kind.WRITE, "n1", null, ms(startMs), ms(endMs), 200, "", Map.of(row, version), Set.of("u"));
    }

    private static Operation read(int row, long version, long startMs, long endMs, String cacheStatus) {
        return new Operation(Kind.READ_ROW, "n2", null, ms(startMs), ms(endMs), 200, cacheStatus, Map.of(row, version), Set.of("u"));
    }

    private static long ms(long millis) {
        return millis * 1_000_000;
    }
}
