package io.restcache.internal.runtime;

import io.restcache.internal.store.TagRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/*
 * Design note. While Redis is down every invalidation fails. Retrying each one on its own chain would
 * build a retry storm on reconnect and a backlog without bound over a long outage. Instead the failed
 * ones wait here and are retried together: merged into at most one purge of indexes, one of users, one
 * of resources, one per variant scope — or a single generation bump when one was asked for. The backlog
 * is bounded (MAX_WEIGHT references); past it, nothing more is kept and what is owed becomes "invalidate
 * everything" on recovery: coarser, still correct.
 */
/** The invalidations that failed and wait for Redis: merged, bounded, retried together. */
final class RetryBacklog {

    /** Most references (tags, paths, users, resources, variant fields) kept before falling back. */
    static final int MAX_WEIGHT = 100_000;

    /** One failed invalidation, its caller's completion, and when it stops mattering (all it reached expired). */
    record Waiting(Invalidation invalidation, CompletableFuture<Void> done, long deadlineMillis) {
    }

    /** What one retry executes, and for whom. */
    record Batch(List<Invalidation> merged, List<Waiting> covered, List<Waiting> expired, boolean overflowed) {
        boolean isEmpty() {
            return merged.isEmpty() && expired.isEmpty();
        }
    }

    /** How the callers of invalidations dropped from a full backlog learn it (they are not confirmed). */
    static final IllegalStateException OVERFLOW = new IllegalStateException(
            "restcache: too many invalidations wait for Redis; everything is invalidated when it answers again");

    private final List<Waiting> waiting = new ArrayList<>();
    private int weight;
    private boolean overflowed;
    private final int maxWeight;

    RetryBacklog() {
        this(MAX_WEIGHT);
    }

    RetryBacklog(int maxWeight) {
        this.maxWeight = maxWeight;
    }

    /** Keeps a failed invalidation; past the bound, records only that everything must go. */
    synchronized void add(Waiting w) {
        int more = weight(w.invalidation());
        if (overflowed || weight + more > maxWeight) {
            if (!overflowed) {
                overflowed = true;
                waiting.forEach(kept -> kept.done().completeExceptionally(OVERFLOW));
                waiting.clear();
                weight = 0;
            }
            w.done().completeExceptionally(OVERFLOW);
            return;
        }
        waiting.add(w);
        weight += more;
    }

    /** Takes everything waiting: the merged invalidations to run now, and those past their deadline. */
    synchronized Batch drain(long nowMillis) {
        List<Waiting> covered = new ArrayList<>();
        List<Waiting> expired = new ArrayList<>();
        for (Waiting w : waiting) {
            (w.deadlineMillis() < nowMillis ? expired : covered).add(w);
        }
        waiting.clear();
        weight = 0;
        boolean bump = overflowed;
        overflowed = false;
        List<Invalidation> merged = bump ? List.of(new Invalidation.Everything())
                : merge(covered.stream().map(Waiting::invalidation).toList());
        return new Batch(merged, covered, expired, bump);
    }

    /** A retry failed: everything it covered waits again. */
    synchronized void putBack(Batch batch) {
        if (batch.overflowed()) {
            overflowed = true;
        }
        for (Waiting w : batch.covered()) {
            add(w);
        }
    }

    synchronized boolean isEmpty() {
        return waiting.isEmpty() && !overflowed;
    }

    /** Merges invalidations into as few as possible that drop at least the same entries. */
    static List<Invalidation> merge(List<Invalidation> all) {
        Set<TagRef> refs = new HashSet<>();
        Set<String> users = new HashSet<>();
        Set<String> resources = new HashSet<>();
        Map<TagRef, Set<String>> variants = new LinkedHashMap<>();
        for (Invalidation i : all) {
            if (i instanceof Invalidation.Everything) {
                return List.of(i);
            } else if (i instanceof Invalidation.Indexed indexed) {
                refs.addAll(indexed.refs());
            } else if (i instanceof Invalidation.Users u) {
                users.addAll(u.principalNames());
            } else if (i instanceof Invalidation.Resources r) {
                resources.addAll(r.resourceIds());
            } else if (i instanceof Invalidation.Variants v) {
                variants.computeIfAbsent(v.scope(), s -> new HashSet<>()).addAll(v.variantFields());
            }
        }
        List<Invalidation> merged = new ArrayList<>();
        if (!refs.isEmpty()) {
            merged.add(new Invalidation.Indexed(refs));
        }
        if (!users.isEmpty()) {
            merged.add(new Invalidation.Users(users));
        }
        if (!resources.isEmpty()) {
            merged.add(new Invalidation.Resources(resources));
        }
        variants.forEach((scope, fields) -> merged.add(new Invalidation.Variants(scope, fields)));
        return merged;
    }

    private static int weight(Invalidation i) {
        if (i instanceof Invalidation.Indexed indexed) {
            return indexed.refs().size();
        } else if (i instanceof Invalidation.Users u) {
            return u.principalNames().size();
        } else if (i instanceof Invalidation.Resources r) {
            return r.resourceIds().size();
        } else if (i instanceof Invalidation.Variants v) {
            return 1 + v.variantFields().size();
        }
        return 1;
    }
}
