package io.restcache.store.redis;

import io.restcache.key.CacheKey;
import io.restcache.store.CacheEntry;
import io.restcache.store.EntryCodec;
import io.restcache.store.ResponseStore;
import io.restcache.store.TagRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;

/*
 * Design note. One Redis hash per resource, one field per variant: a read is one HGET, a store is one
 * single-key script (HSET, then PEXPIRE only when it lengthens the key's life: Redis 6.2 has no
 * "PEXPIRE ... GT" and 7.0 no per-field TTL, so each variant's own expiry lives in its entry).
 *
 * Indexing and the no-stale-refill fence. After the HSET has completed, each of the entry's index
 * sorted sets gets the member "resourceId:variantField" in one single-key script, which also trims
 * expired members, lengthens the index's TTL, and returns the index's fence: the invalidation sequence
 * of its last purge. The purger sets the fence and pops the members atomically (same slot), so either
 * the purger popped our member (and deletes our field), or we read its fence; if the fence is newer
 * than the sequence read when our fill started, the data we computed may predate the purge and we
 * delete our own field. All scripts touch one slot each, so this holds on Redis Cluster.
 */
/** The Redisson implementation of {@link ResponseStore}. */
public final class RedisResponseStore implements ResponseStore {

    private static final CompositeCodec FIELD_BYTES = new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE);

    /** KEYS[1] = resource hash; ARGV = field, entry bytes, key lifetime in ms. */
    private static final String STORE_SCRIPT =
            "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) "
            + "local life = tonumber(ARGV[3]) "
            + "if redis.call('PTTL', KEYS[1]) < life then redis.call('PEXPIRE', KEYS[1], life) end "
            + "return 1";

    /**
     * KEYS[1] = index zset, KEYS[2] = its fence; ARGV = member, expiry (epoch ms), now (epoch ms).
     * Returns the fence (0 when never purged).
     */
    private static final String INDEX_SCRIPT =
            "redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1]) "
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3]) "
            + "local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES') "
            + "if last[2] then "
            + "  local life = math.floor(tonumber(last[2]) - tonumber(ARGV[3])) + 1000 "
            + "  if redis.call('PTTL', KEYS[1]) < life then redis.call('PEXPIRE', KEYS[1], life) end "
            + "end "
            + "return tonumber(redis.call('GET', KEYS[2]) or '0')";

    private final RedisConnector connector;
    private final Namespace namespace;

    public RedisResponseStore(RedisConnector connector, Namespace namespace) {
        this.connector = connector;
        this.namespace = namespace;
    }

    @Override
    public boolean available() {
        return connector.client().isPresent() && namespace.generation() >= 0;
    }

    @Override
    public CompletionStage<Optional<CacheEntry>> read(CacheKey key) {
        Optional<RedissonClient> client = connector.client();
        if (client.isEmpty()) {
            return notConnected();
        }
        return client.get().<String, byte[]>getMap(key.resourceKey(), FIELD_BYTES)
                .getAsync(key.variantField())
                .thenApply(bytes -> bytes == null ? Optional.<CacheEntry>empty() : EntryCodec.decode(bytes));
    }

    @Override
    public CompletionStage<Long> fillSequence() {
        Optional<RedissonClient> client = connector.client();
        if (client.isEmpty()) {
            return notConnected();
        }
        return client.get().<String>getBucket(namespace.sequenceKey(), StringCodec.INSTANCE).getAsync()
                .thenApply(v -> v == null ? 0L : Long.parseLong(v));
    }

    @Override
    public CompletionStage<Boolean> write(CacheKey key, CacheEntry entry, Set<TagRef> tags, long fillSequence,
            long keyLifetimeMillis) {
        Optional<RedissonClient> maybeClient = connector.client();
        if (maybeClient.isEmpty()) {
            return notConnected();
        }
        RedissonClient client = maybeClient.get();
        RFuture<Long> stored = client.getScript(ByteArrayCodec.INSTANCE).evalAsync(key.resourceKey(),
                RScript.Mode.READ_WRITE, STORE_SCRIPT, RScript.ReturnType.LONG, List.of(key.resourceKey()),
                utf8(key.variantField()), EntryCodec.encode(entry), utf8(Long.toString(keyLifetimeMillis)));
        if (tags.isEmpty()) {
            return stored.thenApply(ignored -> true);
        }
        return stored.thenCompose(ignored -> index(client, key, entry, tags))
                .thenCompose(fences -> {
                    boolean purgedSinceFillStarted = fences.stream().anyMatch(f -> f > fillSequence);
                    if (!purgedSinceFillStarted) {
                        return CompletableFuture.completedFuture(true);
                    }
                    return client.<String, byte[]>getMap(key.resourceKey(), FIELD_BYTES)
                            .fastRemoveAsync(key.variantField()).thenApply(removed -> false);
                });
    }

    /** Adds the variant to each index in one pipeline; completes with each index's fence. */
    private CompletionStage<List<Long>> index(RedissonClient client, CacheKey key, CacheEntry entry, Set<TagRef> tags) {
        RBatch batch = client.createBatch(BatchOptions.defaults());
        String member = Namespace.member(key.resourceId(), key.variantField());
        String expiry = Long.toString(entry.staleUntilMillis());
        String now = Long.toString(entry.storedAtMillis());
        for (TagRef tag : tags) {
            String index = namespace.indexKey(key.generation(), tag);
            batch.getScript(StringCodec.INSTANCE).evalAsync(index, RScript.Mode.READ_WRITE, INDEX_SCRIPT,
                    RScript.ReturnType.LONG, List.of(index, namespace.fenceKey(key.generation(), tag)),
                    member, expiry, now);
        }
        return batch.executeAsync().thenApply(RedisResponseStore::longs);
    }

    static List<Long> longs(BatchResult<?> result) {
        List<Long> values = new ArrayList<>();
        for (Object o : result.getResponses()) {
            values.add(o instanceof Number n ? n.longValue() : 0L);
        }
        return values;
    }

    private static <T> CompletionStage<T> notConnected() {
        return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
