package io.restcache.internal.store.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.restcache.internal.store.TagRef;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/*
 * Design note: lazy purges of huge indexes (Drupal's cache tag checksums and FusionCache's tagging by
 * expiration timestamp are the models). Deleting the variants one by one costs Redis time in proportion to
 * the index (~6.7 µs per member, ~6.7 s for a million), so an index past restcache.invalidation.lazy-above
 * is purged by an epoch instead: its purge writes "index id -> sequence" into one registry hash per
 * generation and unlinks the index (freed off the main thread), in O(1). An entry carries the fence its
 * fill read (EntryCodec's fillSequence); it is superseded when one of its refs has an epoch above it —
 * exactly the entries the eager purge would have deleted, since a fill that read its fence after the purge
 * reads at least the purge's sequence, and one that read it before is refused by the fences if it stores
 * after.
 *
 * The registry is read by the node, not by every hit: each node holds the epochs (this class) and a Redis
 * hit checks its entry's refs against them, a map lookup per ref. What keeps the copy current:
 *   - it is loaded whole (HGETALL) when the node starts hearing the fleet topic, and again after any sign
 *     that a message was missed (a re-subscription, a gap in its own heartbeats, a deaf spell, a new
 *     generation); until a load completes after the last such sign it is "unknown";
 *   - a purge this node runs records its epochs before the purge completes;
 *   - a peer's purge message marks its refs "announced" before the message is acknowledged, and a read of
 *     those fields (HMGET) resolves them.
 * An entry with an unknown or announced ref is checked against the registry itself (one HMGET) before it
 * is served: slower while the fleet is not heard, never stale. A registry that cannot be read makes the
 * entry a miss.
 */
/** What this node knows of the epochs of lazily purged indexes, and whether an entry is superseded by one. */
public final class TagEpochs {

    /** What the node's copy says of an entry. */
    public enum Verdict {
        /** No epoch of its refs is above its fill: serve it. */
        CURRENT,
        /** An epoch of one of its refs is above its fill: it is gone, as an eager purge would have made it. */
        SUPERSEDED,
        /** The copy cannot tell (unknown, or a ref was just announced): ask the registry. */
        ASK_REDIS
    }

    /** One epoch: entries filled before {@code sequence} are superseded, until {@code untilMillis}. */
    record Epoch(long sequence, long untilMillis) {

        /** Whether it supersedes a fill of {@code fillSequence} at {@code now} (kept the skew margin longer). */
        boolean supersedes(long fillSequence, long now) {
            return fillSequence < sequence && !ended(now);
        }

        boolean ended(long now) {
            return now >= untilMillis + SKEW_MARGIN_MILLIS;
        }
    }

    /**
     * Epochs end by Redis's clock and are compared with this node's: kept a minute longer, so that no clock
     * skew between them lets a superseded entry back in before it expired.
     */
    static final long SKEW_MARGIN_MILLIS = 60_000;

    /** Past this many epochs, ended ones are dropped as new ones arrive (a load drops them too). */
    private static final int PRUNE_ABOVE = 1_000;

    private final ConcurrentMap<String, Epoch> epochs = new ConcurrentHashMap<>();
    /** Index ids a peer announced a purge of, with the token of the latest announcement. */
    private final ConcurrentMap<String, Long> announced = new ConcurrentHashMap<>();
    private final AtomicLong announcements = new AtomicLong();
    /** The last announcement made before the running load started (one load at a time: EpochRegistry). */
    private volatile long announcedBeforeLoad;
    private final Cache<TagRef, String> ids = Caffeine.newBuilder().maximumSize(10_000).build();
    private final LongSupplier nowMillis;
    private final AtomicLong losses = new AtomicLong();
    private volatile boolean known;

    /** @param nowMillis the fleet clock in ms (epochs end by the registry's server time) */
    public TagEpochs(LongSupplier nowMillis) {
        this.nowMillis = nowMillis;
    }

    /** Whether an entry indexed under {@code refs} whose fill read {@code fillSequence} may be served. */
    public Verdict verdict(Collection<TagRef> refs, long fillSequence) {
        if (!known) {
            return Verdict.ASK_REDIS;
        }
        if (epochs.isEmpty() && announced.isEmpty()) {
            return Verdict.CURRENT;        // the common case: no huge index was purged lately
        }
        long now = nowMillis.getAsLong();
        for (TagRef ref : refs) {
            String id = id(ref);
            if (announced.containsKey(id)) {
                return Verdict.ASK_REDIS;
            }
            Epoch epoch = epochs.get(id);
            if (epoch != null && epoch.supersedes(fillSequence, now)) {
                return Verdict.SUPERSEDED;
            }
        }
        return Verdict.CURRENT;
    }

    /** The registry field of a ref. */
    public String id(TagRef ref) {
        return ids.get(ref, Namespace::indexId);
    }

    /** This node's purge gave {@code ref} an epoch (recorded before the purge completes). */
    public void learned(String id, long sequence, long untilMillis) {
        epochs.merge(id, new Epoch(sequence, untilMillis), TagEpochs::later);
        if (epochs.size() > PRUNE_ABOVE) {
            long now = nowMillis.getAsLong();
            epochs.entrySet().removeIf(e -> e.getValue().ended(now));
        }
    }

    /**
     * A peer purged these refs: until {@link #resolved} says what the registry holds, entries under them are
     * checked there. Returns the token that {@link #resolved} needs (a later announcement wins).
     */
    public long announce(Collection<TagRef> refs) {
        long token = announcements.incrementAndGet();
        for (TagRef ref : refs) {
            announced.put(id(ref), token);
        }
        return token;
    }

    /** The registry's values for announced ids (absent: no epoch); clears the announcement if still ours. */
    public void resolved(long token, Map<String, String> values, Collection<String> askedIds) {
        for (String id : askedIds) {
            parse(values.get(id)).ifPresent(epoch -> learned(id, epoch.sequence(), epoch.untilMillis()));
            announced.remove(id, token);
        }
    }

    /** A sign that a message may have been missed: unknown until the next {@link #loaded}. */
    public void unknown() {
        losses.incrementAndGet();
        known = false;
    }

    /** A load is starting: pass what this returns to {@link #loaded}. */
    public long loading() {
        announcedBeforeLoad = announcements.get();
        return losses.get();
    }

    /**
     * The whole registry as read by a load that started at {@code since}; the copy becomes known unless a
     * loss was signalled since the load started (then the next load decides).
     */
    public void loaded(long since, Map<String, String> registry) {
        long now = nowMillis.getAsLong();
        registry.forEach((id, value) -> parse(value).filter(e -> !e.ended(now))
                .ifPresent(epoch -> learned(id, epoch.sequence(), epoch.untilMillis())));
        epochs.entrySet().removeIf(e -> e.getValue().ended(now));
        long settled = announcedBeforeLoad;
        announced.entrySet().removeIf(e -> e.getValue() <= settled);     // the whole registry answered them
        if (losses.get() == since) {
            known = true;
        }
    }

    /** A new generation: its registry is another key, and nothing of the old one applies. */
    public void reset() {
        unknown();
        epochs.clear();
        announced.clear();
    }

    /** Whether the copy is known (loaded after the last sign of a missed message). */
    public boolean known() {
        return known;
    }

    /** Whether {@code values} (the registry's fields for an entry's refs) supersede a fill of {@code fillSequence}. */
    public boolean supersededBy(List<String> values, long fillSequence) {
        long now = nowMillis.getAsLong();
        for (String value : values) {
            if (value == null) {
                continue;
            }
            Optional<Epoch> epoch = parse(value);
            if (epoch.isEmpty()) {
                return true;        // not written by restcache: do not serve what it might supersede
            }
            if (epoch.get().supersedes(fillSequence, now)) {
                return true;
            }
        }
        return false;
    }

    /** A registry value, {@code <sequence>:<until ms>}; empty for null or anything else. */
    static Optional<Epoch> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        try {
            return colon <= 0 ? Optional.empty() : Optional.of(new Epoch(Long.parseLong(value.substring(0, colon)),
                    Long.parseLong(value.substring(colon + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Epoch later(Epoch a, Epoch b) {
        return new Epoch(Math.max(a.sequence(), b.sequence()), Math.max(a.untilMillis(), b.untilMillis()));
    }
}
