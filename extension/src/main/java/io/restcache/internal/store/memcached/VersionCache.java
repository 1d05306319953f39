package io.restcache.internal.store.memcached;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/*
 * Design note. Every hit checks the entry's stamped versions against the counters' current values. Reading
 * them from Memcached on each hit would add a round trip, so a node trusts a value it read for maxAge
 * (restcache.memcached.version-max-age, at most restcache.near-cache.max-age): a bump made by another node
 * stops this node's hits within that bound — the same bound the near cache already sets on staleness —
 * and a bump made by this node stops them at once (forget). Values that are missing or older than maxAge
 * are read together in one multi-get.
 */
/** This node's short-lived copy of version counters. */
final class VersionCache {

    private record Read(long version, long atNanos) {
    }

    private final Map<String, Read> values = new ConcurrentHashMap<>();
    private final Function<List<String>, CompletionStage<List<Long>>> fetch;
    private final long maxAgeNanos;
    private final LongSupplier nanos;
    private final int maxSize;
    /** Counts local bumps: a read that was under way during one is not kept (it may hold the old value). */
    private final java.util.concurrent.atomic.AtomicLong forgets = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param fetch reads counters in one round trip, in order (0 for a counter that does not exist)
     * @param maxAgeNanos how long a value read is trusted
     * @param nanos the ticker
     * @param maxSize how many counters are kept before the cache starts over (bounds memory)
     */
    VersionCache(Function<List<String>, CompletionStage<List<Long>>> fetch, long maxAgeNanos, LongSupplier nanos,
            int maxSize) {
        this.fetch = fetch;
        this.maxAgeNanos = maxAgeNanos;
        this.nanos = nanos;
        this.maxSize = maxSize;
    }

    /** The current values of these counters: from this node's copy where fresh, the rest in one multi-get. */
    CompletionStage<Map<String, Long>> versions(List<String> keys) {
        long now = nanos.getAsLong();
        Map<String, Long> known = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            Read read = values.get(key);
            if (read != null && now - read.atNanos() < maxAgeNanos) {
                known.put(key, read.version());
            } else {
                missing.add(key);
            }
        }
        if (missing.isEmpty()) {
            return CompletableFuture.completedFuture(known);
        }
        return fetchAndKeep(missing, now).thenApply(fetched -> {
            known.putAll(fetched);
            return known;
        });
    }

    /** The values as Memcached holds them now, bypassing this node's copy (which they refresh). */
    CompletionStage<Map<String, Long>> current(List<String> keys) {
        return fetchAndKeep(keys, nanos.getAsLong());
    }

    private CompletionStage<Map<String, Long>> fetchAndKeep(List<String> keys, long readAt) {
        long forgetsBefore = forgets.get();
        return fetch.apply(keys).thenApply(read -> {
            boolean keep = forgets.get() == forgetsBefore;
            if (values.size() + keys.size() > maxSize) {
                values.clear();
            }
            Map<String, Long> out = new HashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                long version = read.get(i);
                out.put(keys.get(i), version);
                if (keep) {
                    values.put(keys.get(i), new Read(version, readAt));
                }
            }
            return out;
        });
    }

    /** This node bumped the counter: its next read goes to Memcached. */
    void forget(String key) {
        forgets.incrementAndGet();
        values.remove(key);
    }
}
