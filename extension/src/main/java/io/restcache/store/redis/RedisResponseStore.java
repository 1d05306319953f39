package io.restcache.store.redis;

import io.restcache.key.CacheKey;
import io.restcache.store.CacheEntry;
import io.restcache.store.EntryCodec;
import io.restcache.store.FillStart;
import io.restcache.store.ResponseStore;
import io.restcache.store.StoreOutcome;
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
 * Design note. One Redis hash per resource, one field per variant: a read is one HGET. Each variant's
 * own expiry lives in its entry (Redis 7.0 has no per-field TTL); the hash's TTL only ever grows.
 *
 * A miss costs two round trips besides its lookup, whatever the number of tags:
 *   start of the fill: unless the variant turned fresh since the lookup (another node just stored it),
 *          take the variant's lease (SET NX PX) and read the invalidation sequence;
 *   store: HSET the variant, lengthen the hash's TTL, add "resourceId:variantField" to each index
 *          sorted set (trimming expired members, lengthening its TTL), release the lease.
 *
 * The no-stale-refill fence. A purge raises each index's fence to its sequence and pops the index's
 * members atomically (see RedisInvalidator). If any of the entry's fences is newer than the sequence
 * read when the fill started, the data the method computed may predate the purge: it must not stay.
 *
 * On a single Redis each step is one script: the store checks the fences first and writes nothing when
 * one is newer (atomic, so no purge can slip in between). On a cluster a script may touch one slot
 * only, and the indexes live in other slots than the resource: the fill's start is two commands sent
 * together (one round trip), and the store is a script on the resource's slot (HSET, TTL, lease) and
 * then one single-slot script per index in one pipeline, each returning its fence; when a fence is
 * newer, the variant is removed again. Either the purger popped our member (and deletes our field), or
 * we read its fence, so this holds across slots too.
 *
 * Under maxmemory/noeviction Redis refuses SET/HSET/ZADD but not GET/DEL: the lease is then reported
 * taken (compute uncoordinated), and the store fails (counted) before releasing the lease; the caller
 * then releases it with a compare-and-delete, which Redis allows.
 */
/** The Redisson implementation of {@link ResponseStore}. */
public final class RedisResponseStore implements ResponseStore {

    private static final CompositeCodec FIELD_BYTES = new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE);

    /**
     * KEYS[1] = resource hash, KEYS[2] = lease (same slot), KEYS[3] = invalidation sequence (single Redis
     * only: on a cluster it lives in another slot and is read beside the script); ARGV = variant field,
     * lease token, lease ms, now (epoch ms).
     * Returns {2, sequence, entry} when the variant is already fresh (another fill stored it between the
     * caller's lookup and now: without this check the caller would take the just-released lease and run
     * the method again); else {1, sequence} when the lease is ours (or Redis refused it) and {0, sequence}
     * when another fill holds it. The entry's freshness is read in place from its encoded header
     * ({@link EntryCodec#FRESH_UNTIL_OFFSET}), so a stale entry is not shipped back.
     */
    private static final String START_FILL_SCRIPT =
            "local seq = 0 "
            + "if #KEYS == 3 then seq = tonumber(redis.call('GET', KEYS[3]) or '0') end "
            + "local v = redis.call('HGET', KEYS[1], ARGV[1]) "
            + "if v and #v >= " + (EntryCodec.FRESH_UNTIL_OFFSET + 8)
            + " and string.byte(v, 1) == " + EntryCodec.REVISION + " then "
            + "  local fresh = 0 "
            + "  for i = " + (EntryCodec.FRESH_UNTIL_OFFSET + 1) + ", " + (EntryCodec.FRESH_UNTIL_OFFSET + 8)
            + " do fresh = fresh * 256 + string.byte(v, i) end "
            + "  if fresh > tonumber(ARGV[4]) then return {2, seq, v} end "
            + "end "
            + "local took = redis.pcall('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) "
            + "if took == false then return {0, seq} end "
            + "return {1, seq}";

    /**
     * Sets {@code stored = 2} when the variant (ARGV[1]) is new and the resource hash (KEYS[1]) already
     * holds ARGV[n] fields. HLEN counts fields whose entries have expired but whose hash lives on; they
     * go when the hash expires, which a full resource no longer postpones (a refused store does not
     * lengthen its TTL), so a full resource heals within one retention. {@code %d} = the limit's ARGV index.
     */
    private static final String VARIANT_LIMIT_CHECK =
            "if stored == 1 and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 "
            + "and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[%d]) then stored = 2 end ";

    /**
     * Single Redis. KEYS = resource hash, lease, then n indexes, then their n fences;
     * ARGV = field, entry bytes, hash lifetime ms, lease token ('' for none), index member,
     * entry expiry (epoch ms), now (epoch ms), fill sequence, variant limit.
     * Returns 1 when stored, 0 when a fence is newer than the fill, 2 when the resource already holds the
     * most variants allowed and this one is new (in both cases nothing is written). The lease is
     * released last, after every write, so that a store refused under OOM (which fails the script at
     * its first write) leaves it to the caller's compare-and-delete.
     */
    private static final String STORE_SCRIPT_SINGLE =
            "local n = (#KEYS - 2) / 2 "
            + "local seq = tonumber(ARGV[8]) "
            + "local stored = 1 "
            + "for i = 1, n do "
            + "  if tonumber(redis.call('GET', KEYS[2 + n + i]) or '0') > seq then stored = 0 end "
            + "end "
            + VARIANT_LIMIT_CHECK.formatted(9)
            + "if stored == 1 then "
            + "  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) "
            + "  local life = tonumber(ARGV[3]) "
            + "  if redis.call('PTTL', KEYS[1]) < life then redis.call('PEXPIRE', KEYS[1], life) end "
            + "  local indexLife = tonumber(ARGV[6]) - tonumber(ARGV[7]) + 1000 "
            + "  for i = 1, n do "
            + "    redis.call('ZADD', KEYS[2 + i], ARGV[6], ARGV[5]) "
            + "    redis.call('ZREMRANGEBYSCORE', KEYS[2 + i], '-inf', ARGV[7]) "
            + "    if redis.call('PTTL', KEYS[2 + i]) < indexLife then redis.call('PEXPIRE', KEYS[2 + i], indexLife) end "
            + "  end "
            + "end "
            + "if ARGV[4] ~= '' and redis.call('GET', KEYS[2]) == ARGV[4] then redis.call('DEL', KEYS[2]) end "
            + "return stored";

    /**
     * Cluster, the resource's slot. KEYS[1] = resource hash, KEYS[2] = lease; ARGV = field, entry bytes,
     * hash lifetime ms, lease token ('' for none), variant limit. Returns 1 when stored, 2 when the
     * resource is full (nothing written, the lease released).
     */
    private static final String STORE_SCRIPT_CLUSTER =
            "local stored = 1 "
            + VARIANT_LIMIT_CHECK.formatted(5)
            + "if stored == 2 then "
            + "  if ARGV[4] ~= '' and redis.call('GET', KEYS[2]) == ARGV[4] then redis.call('DEL', KEYS[2]) end "
            + "  return 2 "
            + "end "
            + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) "
            + "local life = tonumber(ARGV[3]) "
            + "if redis.call('PTTL', KEYS[1]) < life then redis.call('PEXPIRE', KEYS[1], life) end "
            + "if ARGV[4] ~= '' and redis.call('GET', KEYS[2]) == ARGV[4] then redis.call('DEL', KEYS[2]) end "
            + "return 1";

    /**
     * Cluster, an index's slot. KEYS[1] = index zset, KEYS[2] = its fence; ARGV = member, expiry (epoch ms),
     * now (epoch ms). Returns the fence (0 when never purged). The index lives at least as long as its
     * newest member (its TTL only grows, so it covers the older ones).
     */
    private static final String INDEX_SCRIPT =
            "redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1]) "
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3]) "
            + "local life = tonumber(ARGV[2]) - tonumber(ARGV[3]) + 1000 "
            + "if redis.call('PTTL', KEYS[1]) < life then redis.call('PEXPIRE', KEYS[1], life) end "
            + "return tonumber(redis.call('GET', KEYS[2]) or '0')";

    /** The variant limit of a store built without one (tools and tests): the setting's default. */
    static final int DEFAULT_MAX_VARIANTS = 64;

    private final RedisConnector connector;
    private final Namespace namespace;
    private final byte[] maxVariants;

    /**
     * @param maxVariants how many variants one resource hash may hold ({@code restcache.key.max-variants})
     */
    public RedisResponseStore(RedisConnector connector, Namespace namespace, int maxVariants) {
        if (maxVariants <= 0) {
            throw new IllegalArgumentException("maxVariants must be positive, was " + maxVariants);
        }
        this.connector = connector;
        this.namespace = namespace;
        this.maxVariants = utf8(Integer.toString(maxVariants));
    }

    /** A store with the default variant limit. */
    public RedisResponseStore(RedisConnector connector, Namespace namespace) {
        this(connector, namespace, DEFAULT_MAX_VARIANTS);
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
    public CompletionStage<FillStart> startFill(CacheKey key, String leaseToken, long leaseMillis, long nowMillis) {
        Optional<RedissonClient> maybeClient = connector.client();
        if (maybeClient.isEmpty()) {
            return notConnected();
        }
        RedissonClient client = maybeClient.get();
        boolean cluster = client.getConfig().isClusterConfig();
        List<Object> keys = cluster
                ? List.of(key.resourceKey(), namespace.leaseKey(key))
                : List.of(key.resourceKey(), namespace.leaseKey(key), namespace.sequenceKey());
        CompletionStage<List<Object>> reply = client.getScript(ByteArrayCodec.INSTANCE).<List<Object>>evalAsync(
                key.resourceKey(), RScript.Mode.READ_WRITE, START_FILL_SCRIPT, RScript.ReturnType.LIST, keys,
                utf8(key.variantField()), utf8(leaseToken), utf8(Long.toString(leaseMillis)),
                utf8(Long.toString(nowMillis)));
        if (!cluster) {
            return reply.thenApply(r -> fillStart(r, asLong(r.get(1))));
        }
        // the sequence lives in another slot: read it beside the script, in the same round trip
        return reply.thenCombine(fillSequence(), RedisResponseStore::fillStart);
    }

    /** Reads the fill-start script's reply; an entry that does not decode is a miss to overwrite. */
    private static FillStart fillStart(List<Object> reply, long sequence) {
        long outcome = asLong(reply.get(0));
        if (outcome == 2L) {
            Optional<CacheEntry> filled = EntryCodec.decode((byte[]) reply.get(2));
            return filled.isPresent() ? new FillStart(sequence, false, filled) : new FillStart(sequence, true);
        }
        return new FillStart(sequence, outcome == 1L);
    }

    @Override
    public CompletionStage<StoreOutcome> store(CacheKey key, CacheEntry entry, Set<TagRef> tags, long fillSequence,
            long keyLifetimeMillis, String leaseToken) {
        Optional<RedissonClient> maybeClient = connector.client();
        if (maybeClient.isEmpty()) {
            return notConnected();
        }
        RedissonClient client = maybeClient.get();
        byte[] token = utf8(leaseToken == null ? "" : leaseToken);
        if (!client.getConfig().isClusterConfig()) {
            return writeInOneScript(client, key, entry, tags, fillSequence, keyLifetimeMillis, token);
        }
        RFuture<Long> stored = client.getScript(ByteArrayCodec.INSTANCE).evalAsync(key.resourceKey(),
                RScript.Mode.READ_WRITE, STORE_SCRIPT_CLUSTER, RScript.ReturnType.LONG,
                List.of(key.resourceKey(), namespace.leaseKey(key)),
                utf8(key.variantField()), EntryCodec.encode(entry), utf8(Long.toString(keyLifetimeMillis)), token,
                maxVariants);
        return stored.thenCompose(outcome -> {
            if (outcome == 2L) {
                return CompletableFuture.completedFuture(StoreOutcome.VARIANT_LIMIT);
            }
            if (tags.isEmpty()) {
                return CompletableFuture.completedFuture(StoreOutcome.STORED);
            }
            return index(client, key, entry, tags).thenCompose(fences -> {
                boolean purgedSinceFillStarted = fences.stream().anyMatch(f -> f > fillSequence);
                if (!purgedSinceFillStarted) {
                    return CompletableFuture.completedFuture(StoreOutcome.STORED);
                }
                return client.<String, byte[]>getMap(key.resourceKey(), FIELD_BYTES)
                        .fastRemoveAsync(key.variantField()).thenApply(removed -> StoreOutcome.FENCED);
            });
        });
    }

    /** Not on a cluster: fences, variant, indexes and lease in one atomic script, one round trip. */
    private CompletionStage<StoreOutcome> writeInOneScript(RedissonClient client, CacheKey key, CacheEntry entry,
            Set<TagRef> tags, long fillSequence, long keyLifetimeMillis, byte[] token) {
        List<Object> keys = new ArrayList<>(2 + 2 * tags.size());
        keys.add(key.resourceKey());
        keys.add(namespace.leaseKey(key));
        List<TagRef> ordered = List.copyOf(tags);
        for (TagRef tag : ordered) {
            keys.add(namespace.indexKey(key.generation(), tag));
        }
        for (TagRef tag : ordered) {
            keys.add(namespace.fenceKey(key.generation(), tag));
        }
        return client.getScript(ByteArrayCodec.INSTANCE).<Long>evalAsync(RScript.Mode.READ_WRITE,
                STORE_SCRIPT_SINGLE, RScript.ReturnType.LONG, keys,
                utf8(key.variantField()), EntryCodec.encode(entry), utf8(Long.toString(keyLifetimeMillis)), token,
                utf8(Namespace.member(key.resourceId(), key.variantField())),
                utf8(Long.toString(entry.staleUntilMillis())), utf8(Long.toString(entry.storedAtMillis())),
                utf8(Long.toString(fillSequence)), maxVariants)
                .thenApply(RedisResponseStore::outcome);
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

    private static StoreOutcome outcome(Long scriptReply) {
        return switch (scriptReply.intValue()) {
            case 1 -> StoreOutcome.STORED;
            case 2 -> StoreOutcome.VARIANT_LIMIT;
            default -> StoreOutcome.FENCED;
        };
    }

    static List<Long> longs(BatchResult<?> result) {
        List<Long> values = new ArrayList<>();
        for (Object o : result.getResponses()) {
            values.add(asLong(o));
        }
        return values;
    }

    private static long asLong(Object reply) {
        if (reply instanceof Number n) {
            return n.longValue();
        }
        return reply == null ? 0L : Long.parseLong(reply.toString());
    }

    private static <T> CompletionStage<T> notConnected() {
        return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
