package io.restcache.internal.store.redis;

import io.restcache.internal.key.CacheKey;
import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.store.TagRef;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * The names of everything restcache keeps in Redis, the current namespace generation and the highest
 * invalidation sequence this node has seen.
 *
 * <pre>
 * &lt;prefix&gt;v3:{c}:ctl                  HASH    control state: id (incarnation), gen, secret (when generated)
 * &lt;prefix&gt;v3:{c}:seq                  STRING  invalidation sequence: max(previous + 1, server time in µs) per purge
 * &lt;prefix&gt;v3:events                   PUBSUB  fleet invalidations and heartbeats
 * &lt;prefix&gt;v3:{c}:trk:node             STRING  key-tracking canary of one node (KeyTracking), 10 s TTL
 * &lt;prefix&gt;v3:g&lt;G&gt;:r:{resource id}     HASH    variant field → entry
 * &lt;prefix&gt;v3:g&lt;G&gt;:e:{resource id}     ZSET    variant field → expiry (ms), kept once a resource has two variants
 * &lt;prefix&gt;v3:g&lt;G&gt;:x:{resource id}     STRING  the resource's fence: sequence of its last purge
 * &lt;prefix&gt;v3:g&lt;G&gt;:l:{resource id}:field STRING fill lease of one variant (token of its holder)
 * &lt;prefix&gt;v3:g&lt;G&gt;:i:{index id}        ZSET    index: member "resourceId:variantField", score = expiry ms
 * &lt;prefix&gt;v3:g&lt;G&gt;:f:{index id}        STRING  the index's fence: sequence of its last purge
 * &lt;prefix&gt;v3:g&lt;G&gt;:epochs:{e..}        HASH    index id → "sequence:until ms" of its last lazy purge (TagEpochs);
 *                                        one copy on one Redis, three on a cluster (slots ~1000, ~7000, ~15000),
 *                                        written and read by majority
 * </pre>
 * G is the generation in base 36. The index id is a digest of the index's kind and value (a tag, a path
 * or a user hash), so no key name carries a raw request value or tag, and every key name has a bounded
 * length. An index and its fence share one hash tag, hence one cluster slot; a resource shares its slot
 * with its fence, expiry set and leases; the control state and the sequence share one slot, whose
 * server clock is the fleet's clock.
 */
public final class Namespace {

    /** An incarnation of the control state: its id and its generation. */
    public record Incarnation(String id, long generation) {
    }

    private final KeyBuilder keys;
    private final AtomicReference<Incarnation> current = new AtomicReference<>();
    private final AtomicLong highestSequence = new AtomicLong();
    private volatile LongConsumer onGenerationChange = g -> { };
    private final TagEpochs epochs = new TagEpochs(System::currentTimeMillis);

    public Namespace(KeyBuilder keys) {
        this.keys = keys;
    }

    /** The current generation, or -1 while it is not known yet (before the first read from Redis). */
    public long generation() {
        Incarnation i = current.get();
        return i == null ? -1 : i.generation();
    }

    /** The incarnation of the control state this node follows; null until first read. */
    public Incarnation incarnation() {
        return current.get();
    }

    /**
     * Adopts the control state read from Redis or announced by another node. Within one incarnation,
     * generations only move forward; a new incarnation (Redis lost its control state and it was created
     * anew) is adopted as it is, whatever its generation.
     *
     * @return whether the incarnation changed (not on the first adoption)
     */
    public boolean adopt(Incarnation seen) {
        while (true) {
            Incarnation before = current.get();
            Incarnation next = before == null || !before.id().equals(seen.id()) || seen.generation() > before.generation()
                    ? seen : before;
            if (next == before) {
                return false;
            }
            if (current.compareAndSet(before, next)) {
                if (before != null) {
                    epochs.reset();
                    onGenerationChange.accept(next.generation());
                }
                return before != null && !before.id().equals(next.id());
            }
        }
    }

    /** A generation announced for the current incarnation (a fleet message, a bump this node made). */
    public void observe(String incarnationId, long generation) {
        Incarnation now = current.get();
        if (now != null && now.id().equals(incarnationId)) {
            adopt(new Incarnation(incarnationId, generation));
        }
    }

    /** Called when the generation changes (the fleet's near caches clear on it). */
    public void onGenerationChange(LongConsumer listener) {
        this.onGenerationChange = listener;
    }

    /** Remembers an invalidation sequence read from or written to Redis. */
    public void observeSequence(long sequence) {
        highestSequence.accumulateAndGet(sequence, Math::max);
    }

    /** The highest invalidation sequence this node has seen (0 when none). */
    public long highestSequence() {
        return highestSequence.get();
    }

    /** What this node knows of the lazily purged indexes (shared by its store, its purges and its fleet). */
    public TagEpochs epochs() {
        return epochs;
    }

    /*
     * Why copies: while a node's copy of the epochs is unknown (it may have missed a fleet message), an
     * entry is only served once the registry says no lazy purge superseded it. With one registry key, the
     * one master holding it would decide whether every entry of the cluster can be served: its failover
     * would turn hits on healthy masters into misses, and hold up every lazy purge. So on a cluster a lazy
     * purge completes once a majority of the three copies has its epoch, and a read merges a majority (any
     * two majorities share a copy): one master down stops neither (EpochRegistry). The copies' hash tags are
     * chosen for slots near 1000, 7000 and 15000: with slots spread evenly (redis-cli --cluster create),
     * they sit on three different masters from three masters on, on two with two.
     */
    private static final List<String> REGISTRY_TAGS = List.of(tagNear(1000), tagNear(7000), tagNear(15000));

    private static String tagNear(int slot) {
        for (int n = 0; ; n++) {
            String tag = "e" + n;
            if (Math.abs(HashSlot.of(tag) - slot) <= 200) {
                return tag;
            }
        }
    }

    /** The registry of lazy purges' epochs of one generation on one Redis (and the first copy on a cluster). */
    public String epochsKey(long gen) {
        return epochsKeys(gen).get(0);
    }

    /** The registry copies in use: all three on a cluster, the first alone on one Redis (or Sentinel). */
    public List<String> epochsKeys(long gen, boolean cluster) {
        return cluster ? epochsKeys(gen) : List.of(epochsKey(gen));
    }

    /** How many of {@code copies} registry copies a lazy purge writes and a read merges, at least. */
    static int majority(int copies) {
        return copies / 2 + 1;
    }

    /** Every copy of the registry of one generation, each on its own slot; a cluster uses all three. */
    public List<String> epochsKeys(long gen) {
        String base = keys.namespace(gen) + "epochs:{";
        return REGISTRY_TAGS.stream().map(tag -> base + tag + "}").toList();
    }

    public KeyBuilder keys() {
        return keys;
    }

    public String controlKey() {
        return keys.globalPrefix() + "{c}:ctl";
    }

    public String sequenceKey() {
        return keys.globalPrefix() + "{c}:seq";
    }

    public String indexKey(long gen, TagRef ref) {
        return keys.namespace(gen) + "i:{" + indexId(ref) + "}";
    }

    public String fenceKey(long gen, TagRef ref) {
        return keys.namespace(gen) + "f:{" + indexId(ref) + "}";
    }

    public String resourceFenceKey(long gen, String resourceId) {
        return keys.namespace(gen) + "x:{" + resourceId + "}";
    }

    public String expiriesKey(long gen, String resourceId) {
        return keys.namespace(gen) + "e:{" + resourceId + "}";
    }

    /** The fill lease of one variant: same hash tag, hence same slot, as its resource. */
    public String leaseKey(CacheKey key) {
        return keys.namespace(key.generation()) + "l:{" + key.resourceId() + "}:" + key.variantField();
    }

    /** An index's identity in key names: a digest of its kind and value, never the value itself. */
    public static String indexId(TagRef ref) {
        return KeyBuilder.opaqueId(ref.id());
    }

    public static String member(String resourceId, String variantField) {
        return resourceId + ":" + variantField;
    }
}
