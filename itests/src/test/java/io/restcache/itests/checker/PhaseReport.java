package io.restcache.itests.checker;

import java.util.List;
import java.util.Map;

/**
 * What one phase's history showed.
 *
 * @param phase the phase's name (its fault)
 * @param faulted whether the phase injected a fault
 * @param operations every operation of the phase, reads and writes
 * @param measuredReads the reads counted for the cache share (those started after the heal / the warm-up)
 * @param cacheShare the share of those reads served from the cache
 * @param staleReads reads that returned an older version beyond the allowance
 * @param maxStalenessMillis the longest time a read started after a newer version was acknowledged, allowed or not
 * @param foreignBodies per-user reads that showed another user's rows
 * @param non2xx operations that did not end with a 2xx (including no response at all)
 * @param unbackedStores answers that said {@code stored} although the next read of the row missed again
 * @param afterWriteReads reads a writer sent to another node as soon as its write was acknowledged
 * @param afterWriteStale how many of those still returned an older version (allowed within the allowance)
 * @param examples a few of the violations, described
 * @param cacheStatuses how many measured reads answered with each {@code Cache-Status} (TTLs blanked)
 */
public record PhaseReport(String phase, boolean faulted, int operations, int measuredReads, double cacheShare,
        int staleReads, long maxStalenessMillis, int foreignBodies, int non2xx, int unbackedStores, int afterWriteReads, int afterWriteStale, List<String> examples, Map<String, Integer> cacheStatuses) {

    /** The least share of reads served from the cache: a fleet that bypasses everything proves nothing. */
    public double minimumCacheShare() {
        return faulted ? 0.20 : 0.60;
    }

    /** Whether the phase kept every guarantee. */
    public boolean passed() {
        return passed(true, true);
    }

    /**
     * @param judgeUnbacked false where a lost store is not restcache's to prevent (a master failover drops the
     *        writes its replica had not received yet)
     * @param judgeShare false for a phase whose cache share says nothing (the JVMs' first seconds)
     */
    public boolean passed(boolean judgeUnbacked, boolean judgeShare) {
        return staleReads == 0 && foreignBodies == 0 && non2xx == 0 && (!judgeUnbacked || unbackedStores == 0)
                && (!judgeShare || cacheShare >= minimumCacheShare());
    }

    /** One line of the printed table. */
    public String line() {
        return line(true, true);
    }

    /**
     * One line of the printed table, its verdict as {@link #passed(boolean, boolean)} gives it; a figure that
     * is not judged carries a star.
     */
    public String line(boolean judgeUnbacked, boolean judgeShare) {
        return String.format("%-24s %8d %7.1f%%%s %7d %9d %8d %7d %9s %11s  %s", phase, operations, cacheShare * 100,
                judgeShare ? " " : "*", staleReads, maxStalenessMillis, foreignBodies, non2xx,
                unbackedStores + (judgeUnbacked ? "" : "*"), (afterWriteReads - afterWriteStale) + "/" + afterWriteReads,
                passed(judgeUnbacked, judgeShare) ? "ok" : "FAILED");
    }

    /** The table's header. */
    public static String header() {
        return String.format("%-24s %8s %9s %7s %9s %8s %7s %9s %11s  %s", "phase", "ops", "cached", "stale", "max-ms",
                "foreign", "non2xx", "unbacked", "raw-fresh", "verdict");
    }
}
