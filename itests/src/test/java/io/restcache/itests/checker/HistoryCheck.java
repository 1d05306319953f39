package io.restcache.itests.checker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks one phase's history (pure: operations in, a report out).
 *
 * <p>A read is <em>stale</em> when it returned, for some row, a version older than one whose write had
 * been acknowledged (its response received) before the read started; its staleness is the time from the
 * earliest such acknowledgement to the read's start. A stale read is a <em>violation</em> when it started
 * after {@link PhaseWindow#deadline} of that acknowledgement. A write whose response never came counts
 * for nothing (it may or may not have committed); a read newer than every acknowledged write is fine (a
 * write in flight). Also counted: bodies of {@code me/rows} showing anyone but the caller, every
 * operation that did not end with a 2xx, and {@code stored} answers that stored nothing ({@link UnbackedStores}).
 */
public final class HistoryCheck {

    /** Violations described in the report, at most. */
    private static final int EXAMPLES = 5;
    private static final Pattern TTL = Pattern.compile("ttl=-?\\d+");

    private HistoryCheck() {
    }

    /** Checks {@code history} against the phase's window. */
    public static PhaseReport check(String phase, List<Operation> history, PhaseWindow window) {
        return check(phase, history, window, List.of());
    }

    /**
     * Checks {@code history} against the phase's window, also against the writes acknowledged in earlier
     * phases ({@code earlier}: a read must not go back behind them either; they are not counted here).
     */
    public static PhaseReport check(String phase, List<Operation> history, PhaseWindow window, List<Operation> earlier) {
        List<Operation> known = new ArrayList<>(earlier);
        known.addAll(history);
        Map<Integer, AckIndex> acks = acknowledgements(known);
        int violations = 0;
        long maxStaleness = 0;
        int foreign = 0;
        int failed = 0;
        int measuredReads = 0;
        int measuredHits = 0;
        List<String> examples = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        int afterWrite = 0;
        int afterWriteStale = 0;
        for (Operation op : history) {
            if (!op.ok()) {
                failed++;
                continue;
            }
            if (!op.read()) {
                continue;
            }
            if (op.startNanos() >= window.healedNanos()) {
                measuredReads++;
                measuredHits += op.cacheHit() ? 1 : 0;
                statuses.merge(TTL.matcher(op.cacheStatus()).replaceAll("ttl=N"), 1, Integer::sum);
            }
            if (op.kind() == Operation.Kind.READ_MINE && !Set.of(String.valueOf(op.user())).containsAll(op.owners())) {
                foreign++;
                if (examples.size() < EXAMPLES) {
                    examples.add("another user's body: " + op);
                }
            }
            boolean violated = false;
            boolean stale = false;
            for (Map.Entry<Integer, Long> seen : op.versions().entrySet()) {
                AckIndex index = acks.get(seen.getKey());
                long firstNewerAck = index == null ? Long.MAX_VALUE : index.firstAckAbove(seen.getValue());
                if (firstNewerAck >= op.startNanos()) {
                    continue;                       // nothing newer was acknowledged before the read began
                }
                maxStaleness = Math.max(maxStaleness, op.startNanos() - firstNewerAck);
                stale = true;
                if (!violated && op.startNanos() > window.deadline(firstNewerAck)) {
                    violated = true;
                    if (examples.size() < EXAMPLES) {
                        examples.add(String.format("row %d version %d read %.0f ms after a newer version was acknowledged"
                                + "%s: %s", seen.getKey(), seen.getValue(), (op.startNanos() - firstNewerAck) / 1e6,
                                writer(known, seen.getKey(), firstNewerAck, window), op));
                    }
                }
            }
            violations += violated ? 1 : 0;
            if (op.kind() == Operation.Kind.READ_AFTER_WRITE) {
                afterWrite++;
                afterWriteStale += stale ? 1 : 0;
            }
        }
        // After a fault, its after-effects may still drop what was stored just after the heal (the fleet
        // acting on the eviction events of a maxmemory fault, or adopting a new incarnation) — invalidations,
        // not lies; the README's bound is how long they may take, so stores are judged from then on.
        long judgeStoresFrom = window.hasFault() ? window.healedNanos() + window.bound().toNanos() : window.healedNanos();
        List<Operation> unbacked = UnbackedStores.find(history, judgeStoresFrom);
        unbacked.stream().limit(Math.max(0, EXAMPLES - examples.size()))
                .forEach(op -> examples.add("answered stored, but the next read of the row missed: " + op));
        return new PhaseReport(phase, window.hasFault(), history.size(), measuredReads,
                measuredReads == 0 ? 0 : (double) measuredHits / measuredReads, violations, maxStaleness / 1_000_000,
                foreign, failed, unbacked.size(), afterWrite, afterWriteStale, List.copyOf(examples), statuses);
    }

    private static Map<Integer, AckIndex> acknowledgements(List<Operation> history) {
        Map<Integer, List<long[]>> byRow = new HashMap<>();
        for (Operation op : history) {
            if (op.kind() == Operation.Kind.WRITE && op.ok()) {
                op.versions().forEach((row, version) ->
                        byRow.computeIfAbsent(row, r -> new ArrayList<>()).add(new long[] {version, op.endNanos()}));
            }
        }
        Map<Integer, AckIndex> index = new HashMap<>();
        byRow.forEach((row, writes) -> index.put(row, new AckIndex(writes)));
        return index;
    }

    /** One row's acknowledged writes: the earliest acknowledgement of any version above a given one. */
    /** Who acknowledged the write, and when relative to the fault: what a failed phase needs to be traced. */
    private static String writer(List<Operation> known, int row, long ackNanos, PhaseWindow window) {
        return known.stream().filter(w -> w.kind() == Operation.Kind.WRITE && w.endNanos() == ackNanos
                        && w.versions().containsKey(row)).findFirst()
                .map(w -> " (written on " + w.node() + (window.hasFault() ? String.format(", acknowledged %+.0f ms from the fault",
                        (ackNanos - window.faultNanos()) / 1e6) : "") + ", the write took "
                        + String.format("%.0f ms", (w.endNanos() - w.startNanos()) / 1e6) + ")")
                .orElse("");
    }

    private static final class AckIndex {
        private final long[] versions;
        private final long[] earliestAckFromHere;

        AckIndex(List<long[]> writes) {
            writes.sort(Comparator.comparingLong(w -> w[0]));
            versions = writes.stream().mapToLong(w -> w[0]).toArray();
            earliestAckFromHere = new long[versions.length];
            long min = Long.MAX_VALUE;
            for (int i = versions.length - 1; i >= 0; i--) {
                min = Math.min(min, writes.get(i)[1]);
                earliestAckFromHere[i] = min;
            }
        }

        long firstAckAbove(long version) {
            int i = Arrays.binarySearch(versions, version + 1);
            int first = i >= 0 ? firstOf(i) : -i - 1;
            return first < versions.length ? earliestAckFromHere[first] : Long.MAX_VALUE;
        }

        private int firstOf(int i) {
            while (i > 0 && versions[i - 1] == versions[i]) {
                i--;
            }
            return i;
        }
    }
}
