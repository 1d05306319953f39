package io.restcache.itests.checker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds answers that said {@code stored} for a row when nothing was stored: the next read of that row,
 * started a settle time later with no write of the row in between (none ending after the storing read
 * began, none starting before the next read), is a miss again. A store refused by a fence after the
 * storing read began is excluded by the write condition; one still finishing after its response went out,
 * by the settle time. Only stores after the heal count: a fault may legitimately lose entries.
 */
final class UnbackedStores {

    /** How long after a {@code stored} answer its store is surely done (it runs after the body went out). */
    static final long SETTLE_NANOS = 100_000_000;

    private UnbackedStores() {
    }

    /** The {@code stored} answers of shared row reads that the next read of the row contradicts. */
    static List<Operation> find(List<Operation> history, long fromNanos) {
        Map<Integer, List<Operation>> reads = new HashMap<>();
        Map<Integer, List<Operation>> writes = new HashMap<>();
        for (Operation op : history) {
            if (!op.ok() || op.versions().size() != 1) {
                continue;
            }
            int row = op.versions().keySet().iterator().next();
            if (op.kind() == Operation.Kind.WRITE) {
                writes.computeIfAbsent(row, r -> new ArrayList<>()).add(op);
            } else if (op.kind() == Operation.Kind.READ_ROW || op.kind() == Operation.Kind.READ_AFTER_WRITE) {
                reads.computeIfAbsent(row, r -> new ArrayList<>()).add(op);
            }
        }
        List<Operation> unbacked = new ArrayList<>();
        reads.forEach((row, rowReads) -> {
            rowReads.sort(Comparator.comparingLong(Operation::startNanos));
            List<Operation> rowWrites = writes.getOrDefault(row, List.of());
            for (Operation stored : rowReads) {
                if (!(stored.cacheStatus().contains("fwd=miss") && stored.cacheStatus().endsWith("; stored"))
                        || stored.startNanos() < fromNanos) {
                    continue;
                }
                Operation next = rowReads.stream().filter(r -> r.startNanos() >= stored.endNanos() + SETTLE_NANOS)
                        .findFirst().orElse(null);
                if (next == null || !next.cacheStatus().contains("fwd=miss")) {
                    continue;
                }
                boolean written = rowWrites.stream()
                        .anyMatch(w -> w.endNanos() > stored.startNanos() && w.startNanos() < next.startNanos());
                if (!written) {
                    unbacked.add(stored);
                }
            }
        });
        return unbacked;
    }
}
