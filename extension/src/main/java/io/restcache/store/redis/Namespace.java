package io.restcache.store.redis;

import io.restcache.key.CacheKey;
import io.restcache.key.KeyBuilder;
import io.restcache.store.TagRef;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The names of everything restcache keeps in Redis, and the current namespace generation.
 *
 * <pre>
 * &lt;prefix&gt;v1:secret                   STRING  user-hash secret (when none is configured)
 * &lt;prefix&gt;v1:gen                      STRING  namespace generation (INCR bumps it: "invalidate everything")
 * &lt;prefix&gt;v1:seq                      STRING  invalidation sequence (INCR per purge; fences fills)
 * &lt;prefix&gt;v1:g&lt;N&gt;:r:{resource id}    HASH    variant field → entry
 * &lt;prefix&gt;v1:g&lt;N&gt;:i:{k:value}        ZSET    index: member "resourceId:variantField", score = expiry ms
 * &lt;prefix&gt;v1:g&lt;N&gt;:f:{k:value}        STRING  fence: the sequence of the index's last purge
 * &lt;prefix&gt;v1:g&lt;N&gt;:l:{resource id}:field  STRING  fill lease of one variant (token of its holder)
 * </pre>
 * k is t (application tag), p (path) or u (user hash). An index and its fence share one hash tag, hence
 * one cluster slot, so a single script can touch both; a lease shares its resource's hash tag, so a store
 * can release it in the same script. On a cluster nothing else ever spans two keys; on a single Redis
 * a fill's steps are each one script over several of these keys.
 */
public final class Namespace {

    private final KeyBuilder keys;
    private final AtomicLong generation = new AtomicLong(-1);
    private volatile LongConsumer onGenerationChange = g -> { };

    public Namespace(KeyBuilder keys) {
        this.keys = keys;
    }

    /** The current generation, or -1 while it is not known yet (before the first read from Redis). */
    public long generation() {
        return generation.get();
    }

    /** Adopts a generation read from Redis or announced by another node; generations only move forward. */
    public void observe(long seen) {
        long before = generation.getAndAccumulate(seen, Math::max);
        if (seen > before && before >= 0) {
            onGenerationChange.accept(seen);
        }
    }

    /** Called when the generation moves forward (the fleet's near caches clear on it). */
    public void onGenerationChange(LongConsumer listener) {
        this.onGenerationChange = listener;
    }

    public KeyBuilder keys() {
        return keys;
    }

    String generationKey() {
        return keys.globalPrefix() + "gen";
    }

    String sequenceKey() {
        return keys.globalPrefix() + "seq";
    }

    String indexKey(long gen, TagRef ref) {
        return keys.namespace(gen) + "i:{" + ref.id() + "}";
    }

    String fenceKey(long gen, TagRef ref) {
        return keys.namespace(gen) + "f:{" + ref.id() + "}";
    }

    /** The fill lease of one variant: same hash tag, hence same slot, as its resource. */
    String leaseKey(CacheKey key) {
        return keys.namespace(key.generation()) + "l:{" + key.resourceId() + "}:" + key.variantField();
    }

    static String member(String resourceId, String variantField) {
        return resourceId + ":" + variantField;
    }
}
