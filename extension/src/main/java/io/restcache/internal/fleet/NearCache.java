package io.restcache.internal.fleet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.restcache.internal.http.ContentCoding;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.TagRef;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/*
 * Design note. Each node keeps recent entries in memory (Caffeine, bounded by bytes, expiring after a
 * short maximum age) and a local index from each tag, path, user and resource to the near keys under
 * it, so that a fleet invalidation drops exactly the right entries without a scan.
 *
 * The race between filling and dropping is closed with a local epoch, the in-process twin of the Redis
 * fence: every drop increments the epoch before it reads the index; a fill reads the epoch before it
 * reads Redis, indexes and inserts its entry, then checks the epoch again and removes the entry if a
 * drop happened meanwhile. Either the drop saw the indexed entry, or the fill sees the new epoch.
 *
 * Pub/sub is at-most-once, so a lost message leaves an entry stale: the maximum age bounds that, and a
 * node whose subscription is lost stops using the near cache until it has resubscribed and cleared it.
 * Where Redis's key tracking is configured it is a second gate with the same rule: while the tracking
 * connection is down the near cache is unused, and it is cleared when tracking is back (KeyTracking).
 */
/** A node's near cache of entries, in front of Redis. */
public final class NearCache {

    /** Bytes counted per entry beyond its body and headers: keys, index links, object headers. */
    private static final int ENTRY_OVERHEAD = 512;

    private final Cache<Key, Near> cache;
    private final ConcurrentMap<String, Set<Key>> index = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private volatile boolean usable = true;
    private volatile boolean tracked = true;

    /** Where one variant lives, as the near cache keys it (the resource key includes the generation). */
    record Key(String resourceKey, String variantField) {
    }

    /**
     * An entry as stored, plus its identity coding decoded once when the stored body is gzip: clients
     * that do not accept gzip are then served from memory without a decompression per hit.
     */
    private record Near(CacheEntry entry, CacheEntry identity, Set<String> indexIds) {
    }

    /**
     * @param maxBytes the memory bound (bodies plus headers plus a fixed overhead per entry)
     * @param maxAge how long an entry may stay without Redis: the staleness bound if a message is lost
     * @param ticker the clock (tests advance it)
     */
    public NearCache(long maxBytes, Duration maxAge, Ticker ticker) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, Near n) -> weight(n.entry()) + (n.identity() == n.entry() ? 0 : n.identity().body().length))
                .expireAfterWrite(maxAge)
                .ticker(ticker)
                .executor(Runnable::run)
                .removalListener((Key k, Near n, RemovalCause cause) -> {
                    if (k != null && n != null) {
                        unlinkStale(k, n.indexIds());     // replaced, expired, evicted or dropped
                    }
                })
                .build();
    }

    /** The current epoch: read it before reading Redis, and pass it to {@link #put}. */
    public long epoch() {
        return epoch.get();
    }

    /**
     * A usable entry (not older than the maximum age), or empty: as stored for clients that accept gzip,
     * else with its body already decoded to the identity coding.
     */
    public Optional<CacheEntry> get(CacheKey key, boolean acceptsGzip) {
        if (!usable || !tracked) {
            return Optional.empty();
        }
        Near n = cache.getIfPresent(new Key(key.resourceKey(), key.variantField()));
        if (n == null) {
            return Optional.empty();
        }
        return Optional.of(acceptsGzip ? n.entry() : n.identity());
    }

    /**
     * Keeps an entry read from (or just written to) Redis, unless a drop happened since {@code epochBefore}.
     */
    public void put(CacheKey key, CacheEntry entry, long epochBefore) {
        put(key, entry, null, epochBefore);
    }

    /**
     * As {@link #put(CacheKey, CacheEntry, long)}, for an entry whose identity body the caller already
     * holds (the fill, which compressed it): kept as it is instead of decoded again from the gzip body.
     *
     * @param identityBody the entry's body in the identity coding, or null to decode it when needed
     */
    public void put(CacheKey key, CacheEntry entry, byte[] identityBody, long epochBefore) {
        if (!usable || !tracked || epoch.get() != epochBefore) {
            return;
        }
        CacheEntry identity = entry;
        if (entry.gzipped()) {
            try {
                identity = new CacheEntry(entry.status(), false, entry.headers(), entry.etag(), entry.storedAtMillis(),
                        entry.freshUntilMillis(), entry.staleUntilMillis(),
                        identityBody != null ? identityBody : ContentCoding.gunzip(entry.body()),
                        entry.refs(), entry.originTag());
            } catch (UncheckedIOException corrupt) {
                return;
            }
        }
        Key k = new Key(key.resourceKey(), key.variantField());
        Set<String> ids = new HashSet<>();
        for (TagRef ref : entry.refs()) {
            ids.add(ref.id());
        }
        ids.add(resourceIndexId(key.resourceKey()));
        // insert, then link: the removal of the entry this one replaces (or of one that expired under the
        // same key) unlinks only the ids the cached entry no longer has, so it cannot undo these links
        cache.put(k, new Near(entry, identity, ids));
        for (String id : ids) {
            index.compute(id, (i, keys) -> {
                Set<Key> linked = keys == null ? ConcurrentHashMap.newKeySet() : keys;
                linked.add(k);
                return linked;
            });
        }
        if (epoch.get() != epochBefore) {
            cache.invalidate(k);      // a drop ran meanwhile and may have missed this entry
        }
    }

    /** Drops every entry indexed under any of these references. */
    public void drop(Collection<TagRef> refs) {
        epoch.incrementAndGet();
        for (TagRef ref : refs) {
            dropIndexed(ref.id(), k -> true);
        }
    }

    /** Drops the entries with these variant fields among those indexed under {@code scope}. */
    public void dropVariants(TagRef scope, Set<String> variantFields) {
        epoch.incrementAndGet();
        dropIndexed(scope.id(), k -> variantFields.contains(k.variantField()));
    }

    /** Drops every variant of these resources (by resource key). */
    public void dropResources(Collection<String> resourceKeys) {
        epoch.incrementAndGet();
        for (String key : resourceKeys) {
            dropIndexed(resourceIndexId(key), k -> true);
        }
    }

    /** Drops everything (a generation bump, a lost subscription, an unreadable message). */
    public void clear() {
        epoch.incrementAndGet();
        cache.invalidateAll();
        index.clear();
    }

    /**
     * Stops (false) or resumes (true) using the near cache: while the node may be missing fleet
     * invalidations, it reads Redis instead. Both directions clear it.
     */
    public void usable(boolean state) {
        usable = state;
        clear();
    }

    public boolean usable() {
        return usable && tracked;
    }

    /**
     * The key-tracking gate: false while a configured tracking connection is down (changes made in Redis
     * meanwhile go unannounced), true once it is back. Both directions clear the near cache.
     */
    public void tracked(boolean state) {
        tracked = state;
        clear();
    }

    /** Entries currently held (for tests and metrics). */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private void dropIndexed(String id, java.util.function.Predicate<Key> which) {
        Set<Key> keys = index.get(id);
        if (keys == null) {
            return;
        }
        for (Key k : keys) {
            if (which.test(k)) {
                cache.invalidate(k);
            }
        }
    }

    /**
     * Removes the links of an entry that left the cache, except those the entry now cached under the same
     * key (if any) has too: a replaced entry's other run-time tags are unlinked (no unbounded index), and
     * an entry's removal never unlinks its successor.
     */
    private void unlinkStale(Key key, Set<String> ids) {
        for (String id : ids) {
            index.computeIfPresent(id, (i, keys) -> {
                Near current = cache.asMap().get(key);
                if (current == null || !current.indexIds().contains(id)) {
                    keys.remove(key);
                }
                return keys.isEmpty() ? null : keys;
            });
        }
    }

    /** How many keys are linked under an index id (tests: the index stays bounded). */
    int linkedUnder(TagRef ref) {
        Set<Key> keys = index.get(ref.id());
        return keys == null ? 0 : keys.size();
    }

    private static String resourceIndexId(String resourceKey) {
        return "r:" + resourceKey;
    }

    private static int weight(CacheEntry e) {
        int headers = 0;
        for (CacheEntry.Header h : e.headers()) {
            headers += 2 * (h.name().length() + h.value().length());
        }
        return e.body().length + headers + ENTRY_OVERHEAD;
    }
}
