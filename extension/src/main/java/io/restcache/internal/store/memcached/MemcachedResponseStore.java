package io.restcache.internal.store.memcached;

import io.restcache.internal.key.CacheKey;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.EntryCodec;
import io.restcache.internal.store.FillStart;
import io.restcache.internal.store.ResponseStore;
import io.restcache.internal.store.StoreOutcome;
import io.restcache.internal.store.TagRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/*
 * Design note. Memcached has no hashes, sets or scripts, so an entry cannot be indexed and purged the
 * Redis way. Invalidation is by version counters (MemcachedKeys): the namespace version is part of the
 * entry key; every other counter the entry depends on — one per tag (static or CacheContext.tag), its
 * path, its user and its resource — is stamped into the entry with the value it had when the entry was
 * stored. A read checks the stamp against the counters (VersionCache: this node's copy, at most
 * version-max-age old, the rest in one multi-get): any bump since the store makes it a miss, and the
 * orphan expires by its TTL. So run-time tags need no knowledge at lookup.
 *
 * What this store does not do, and what happens instead:
 *   - no fleet lease: single-flight is per node (Flights); startFill always lets the fill compute;
 *   - a fence by time, not by sequence: a bump leaves its counter at the bump's wall-clock time in µs or
 *     above (MemcachedInvalidations), and the fill's sequence is the wall-clock time at its start. The store
 *     reads the entry's counters fresh (not from the node's copy); a counter at or past the fill's start less
 *     restcache.memcached.clock-skew was bumped while the method ran (or just before), so the result may be
 *     stale: FENCED, not stored. A bump after that read orphans the stored entry as usual. The allowance covers
 *     nodes whose clocks are apart by up to it; a bumping node's clock further behind weakens the fence.
 *     A Memcached that loses its data (a restart, a flush) loses the bumps with it: the store reads the
 *     namespace counter as "get, or create at now", so after a loss it is re-created later than every fill
 *     begun before it, and those are fenced (a deployment creates it at start, so its first fills are not);
 *   - no per-variant purge: a purge of some variants of a path bumps the path, dropping all of them;
 *   - no variant limit: Memcached evicts by LRU on its own.
 */
/** The Memcached implementation of {@link ResponseStore}, for TTL-only endpoints. */
public final class MemcachedResponseStore implements ResponseStore {

    /** Memcached reads a TTL above 30 days as an absolute time: never send one. */
    private static final int MAX_TTL_SECONDS = 30 * 24 * 3600;
    /** Room in an item for Memcached's own header and the key. */
    private static final int ITEM_OVERHEAD = 512;
    /** How many version counters a node keeps a copy of before it starts over. */
    private static final int MAX_CACHED_COUNTERS = 100_000;

    private final MemcachedConnector connector;
    private final MemcachedKeys keys;
    private final VersionCache versions;
    private final long clockSkewMicros;

    /**
     * @param keyPrefix {@code restcache.key-prefix}
     * @param versionMaxAge how long this node trusts a counter it read
     * @param clockSkew how far apart the nodes' clocks may be ({@code restcache.memcached.clock-skew})
     * @param nanos the ticker of that copy
     */
    public MemcachedResponseStore(MemcachedConnector connector, String keyPrefix, Duration versionMaxAge,
            Duration clockSkew, LongSupplier nanos) {
        this.connector = connector;
        this.clockSkewMicros = clockSkew.toNanos() / 1000;
        this.keys = new MemcachedKeys(keyPrefix);
        this.versions = new VersionCache(this::readCounters, versionMaxAge.toNanos(), nanos, MAX_CACHED_COUNTERS);
    }

    /**
     * The invalidations of this store: counter bumps.
     *
     * @param wait how long an invalidation waits for its bumps' first attempt
     */
    public MemcachedInvalidations invalidations(java.util.function.Supplier<Optional<io.restcache.internal.key.UserHasher>>
            userHasher, java.util.concurrent.ScheduledExecutorService retries, LongSupplier retentionMillis,
            io.restcache.internal.runtime.RateLimitedLog problems, Duration wait) {
        return new MemcachedInvalidations(connector, keys, versions, userHasher, retries, retentionMillis, problems,
                wait);
    }

    /**
     * Creates the namespace counter if Memcached has none, at the time of now, so that the first fills of a
     * deployment are not fenced by its creation (see {@link #store}); retried every 200 ms while Memcached is
     * not connected, for at most about ten seconds (a store creates it too, fencing the fill that does).
     */
    public void primeNamespace(java.util.concurrent.ScheduledExecutorService retries) {
        prime(retries, 50);
    }

    private void prime(java.util.concurrent.ScheduledExecutorService retries, int attemptsLeft) {
        namespaceNow().whenComplete((value, error) -> {
            if (error != null && attemptsLeft > 1) {
                try {
                    retries.schedule(() -> prime(retries, attemptsLeft - 1), 200, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // the application is stopping
                }
            }
        });
    }

    /**
     * The namespace counter read as "get, or create at the time of now" ({@code incr} by 0 with the time as
     * its initial value). Memcached that lost its data (restarted, flushed) lost every bump with it, so a fill
     * begun before the loss may hold data a lost bump was meant to keep out; the counter re-created at now
     * fences every such fill. When this call created it, this node's copy is the lost value: forgotten.
     */
    private CompletionStage<Long> namespaceNow() {
        String counter = keys.namespace();
        long initial = nowMicros();
        return connector.client().incr(counter, 0, initial, 0).thenApply(value -> {
            if (value == null || value == initial) {
                versions.forget(counter);
            }
            return value == null ? Long.MAX_VALUE : value;      // no answer: fence, never store unchecked
        });
    }

    @Override
    public boolean available() {
        return connector.connected();
    }

    @Override
    public CompletionStage<Optional<CacheEntry>> read(CacheKey key) {
        String namespace = keys.namespace();
        return versions.versions(List.of(namespace)).thenCompose(ns -> connector.client()
                .get(keys.entry(ns.get(namespace), key))
                .thenCompose(bytes -> {
                    Optional<StampedEntry> stamped = StampedEntry.decode(bytes);
                    if (stamped.isEmpty()) {
                        return CompletableFuture.completedFuture(Optional.<CacheEntry>empty());
                    }
                    Map<String, Long> stamp = stamped.get().versions();
                    return versions.versions(List.copyOf(stamp.keySet())).thenApply(current -> current.equals(stamp)
                            ? Optional.of(stamped.get().entry()) : Optional.<CacheEntry>empty());
                }));
    }

    /** The fence of a fill on Memcached: the wall-clock time at its start, in µs (see the design note). */
    @Override
    public CompletionStage<Long> fillSequence() {
        return CompletableFuture.completedFuture(nowMicros());
    }

    /** No fleet lease on Memcached: every fill computes (single-flight stays per node); its fence is the time. */
    @Override
    public CompletionStage<FillStart> startFill(CacheKey key, String leaseToken, long leaseMillis, long nowMillis) {
        return CompletableFuture.completedFuture(new FillStart(nowMicros(), true));
    }

    /**
     * Wall-clock time in µs (microsecond precision where the platform clock has it), shared by bumps and
     * fill starts: on one clock a fill that starts after a bump's response is never fenced by it.
     */
    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /**
     * Stamps the entry with the counters' current values and stores it for {@code keyLifetimeMillis}, unless
     * one of them was bumped since {@code fillSequence} (the fill's start, µs) less the clock-skew allowance.
     *
     * @throws IllegalArgumentException (at once, before anything is sent) when the entry does not fit in a
     *         Memcached item
     */
    @Override
    public CompletionStage<StoreOutcome> store(CacheKey key, CacheEntry entry, Set<TagRef> tags, long fillSequence,
            long keyLifetimeMillis, String leaseToken) {
        byte[] encoded = EntryCodec.encode(entry);
        List<String> counters = new ArrayList<>();
        counters.add(keys.namespace());
        for (TagRef ref : entry.refs()) {
            counters.add(keys.counter(ref));
        }
        for (TagRef ref : tags) {
            String counter = keys.counter(ref);
            if (!counters.contains(counter)) {
                counters.add(counter);
            }
        }
        counters.add(keys.resource(key.resourceId()));
        int size = encoded.length + StampedEntry.stampBound(counters.size() - 1);
        if (size > MemcachedConnector.ITEM_LIMIT - ITEM_OVERHEAD) {
            throw new IllegalArgumentException("an entry of " + size + " bytes does not fit in a Memcached item ("
                    + MemcachedConnector.ITEM_LIMIT + " bytes)");
        }
        // one second more than the retention: Memcached's clock ticks in whole seconds, so an item set with an
        // exptime of 1 can expire at the next tick, at once; the entry's own expiries decide what is served
        int ttl = (int) Math.min(MAX_TTL_SECONDS, Math.max(1, (keyLifetimeMillis + 999) / 1000) + 1);
        long fence = fillSequence - clockSkewMicros;
        String namespaceCounter = counters.remove(0);       // read by namespaceNow, not by the multi-get
        return versions.current(counters).thenCombine(namespaceNow(), (current, namespaceValue) -> {
            Map<String, Long> read = new java.util.HashMap<>(current);
            read.put(namespaceCounter, namespaceValue);
            return read;
        }).thenCompose(current -> {
            if (current.values().stream().anyMatch(value -> value >= fence)) {
                return CompletableFuture.completedFuture(StoreOutcome.FENCED);
            }
            Map<String, Long> stamp = new java.util.HashMap<>(current);
            long namespace = stamp.remove(keys.namespace());
            return connector.client().set(keys.entry(namespace, key), StampedEntry.encode(stamp, encoded), ttl)
                    .thenApply(status -> switch (status) {
                        case OK -> StoreOutcome.STORED;
                        default -> throw new IllegalStateException("Memcached refused the entry: " + status);
                    });
        });
    }

    /** Reads counters in one multi-get, in order; a missing counter reads 0. */
    private CompletionStage<List<Long>> readCounters(List<String> counters) {
        return connector.client().get(counters).thenApply(values -> {
            List<Long> out = new ArrayList<>(values.size());
            for (byte[] v : values) {
                out.add(counterValue(v));
            }
            return out;
        });
    }

    /** Memcached keeps a counter as its decimal digits; anything else (or nothing) reads 0. */
    static long counterValue(byte[] value) {
        if (value == null) {
            return 0L;
        }
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return 0L;
        }
    }
}
