package io.restcache.internal.store.redis;

import io.restcache.internal.key.CacheKey;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.EntryCodec;
import io.restcache.internal.store.FillStart;
import io.restcache.internal.store.ResponseStore;
import io.restcache.internal.store.StoreOutcome;
import io.restcache.internal.store.TagRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;

/*
 * Design note. One Redis hash per resource, one field per variant: a read is one HGET. Each variant's
 * own expiry lives in its entry (no per-field TTL before Redis 7.4); the hash's TTL only ever grows, and
 * once a resource has two variants their expiries are kept beside it so expired ones are removed.
 *
 * A miss costs two round trips besides its lookup, whatever the number of tags:
 *   start of the fill: unless the variant turned fresh since the lookup (another node just stored it),
 *          take the variant's lease (SET NX PX) and read the fill's fence (seq-read.lua);
 *   store: check the fences, write the variant and its index members, release the lease.
 *
 * The no-stale-refill fence (see RedisInvalidator for the purge side). A purge raises the fences of
 * the indexes and resources it drops before it reads what to drop. A store writes only if none of its
 * fences is newer than the fill's fence: on one Redis, in one atomic script (store-one.lua); on a
 * cluster, where a script may touch one slot only, in two steps whose order is what makes it safe:
 *   1. add the member to every index (index-add.lua, one script per index, one pipeline), each refusing
 *      when its fence is newer: a purge that fenced the index before this step refuses us here;
 *   2. then, only if every index accepted, write the variant on the resource's slot, refusing when the
 *      resource's fence is newer (store-resource.lua): a purge that read our member in between fenced
 *      the resource before deleting it, so it refuses us here, or it deletes what we wrote.
 * So a fenced entry is never readable, and no entry is ever readable without being in all its indexes
 * (a member without a variant, left by a failed step 2, costs nothing: purges HDEL a missing field).
 *
 * The fill's fence is close to the fleet clock (the server time of the sequence's master), so a store
 * also refuses fills older than RedisInvalidator.MAX_FILL_MICROS, whose fences may have expired. When the
 * sequence's master does not answer (a cluster failover), the fill uses a fence estimated from the fleet
 * clock minus a margin: lower than the real one, which can only refuse more stores, never fewer; fills
 * on healthy shards go on being stored.
 *
 * Under maxmemory/noeviction Redis refuses SET/HSET/ZADD but not GET/DEL: the lease is then reported
 * taken (compute uncoordinated), and the store fails (counted) before releasing the lease; the caller
 * then releases it with a compare-and-delete, which Redis allows.
 */
/** The Redisson implementation of {@link ResponseStore}. */
public final class RedisResponseStore implements ResponseStore {

    private static final CompositeCodec FIELD_BYTES = new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE);

    /** How long the fill start waits for the sequence's master before using the estimated fence. */
    private static final long SEQUENCE_WAIT_MILLIS = 25;

    private final RedisConnector connector;
    private final Namespace namespace;

    private final LongSupplier estimatedFence;
    private final LongSupplier fleetMicros;
    private final byte[] maxVariants;
    private final ReplicatedWrites writes;
    private final EpochRegistry registry;

    /** How long a cluster store waits for a replica to confirm its index members (a replica answers in ~1 ms). */
    static final java.time.Duration INDEX_WAIT = java.time.Duration.ofMillis(100);

    /** The variant limit of a store built without one (tools and tests): the setting's default. */
    static final int DEFAULT_MAX_VARIANTS = 64;

    /**
     * @param estimatedFence a fill fence that is surely below the one Redis would hand out now (the fleet
     *                       clock minus its error margin, in µs): used when the sequence cannot be read
     * @param fleetMicros the fleet clock, in µs
     * @param maxVariants how many variants one resource hash may hold ({@code restcache.key.max-variants})
     */
    public RedisResponseStore(RedisConnector connector, Namespace namespace, LongSupplier estimatedFence,
            LongSupplier fleetMicros, int maxVariants) {
        this(connector, namespace, estimatedFence, fleetMicros, maxVariants, ReplicatedWrites.unconfirmed());
    }

    /**
     * @param writes how many replicas must confirm a cluster store's index members before its variant is
     *               written (the purges' {@link ReplicatedWrites}: one where Redis has replicas)
     */
    public RedisResponseStore(RedisConnector connector, Namespace namespace, LongSupplier estimatedFence,
            LongSupplier fleetMicros, int maxVariants, ReplicatedWrites writes) {
        if (maxVariants <= 0) {
            throw new IllegalArgumentException("maxVariants must be positive, was " + maxVariants);
        }
        this.connector = connector;
        this.namespace = namespace;
        this.estimatedFence = estimatedFence;
        this.fleetMicros = fleetMicros;
        this.maxVariants = utf8(Integer.toString(maxVariants));
        this.writes = writes;
        this.registry = new EpochRegistry(connector, namespace);
    }

    /** A store with the default variant limit. */
    public RedisResponseStore(RedisConnector connector, Namespace namespace, LongSupplier estimatedFence,
            LongSupplier fleetMicros) {
        this(connector, namespace, estimatedFence, fleetMicros, DEFAULT_MAX_VARIANTS);
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
        // ByteArrayCodec, not FIELD_BYTES: Redisson copies a codec it does not know per class loader and
        // looks that copy up in an LRU map on every command, and encodes a String field into a pooled buffer;
        // a byte[] field through ByteArrayCodec is wrapped as it is (~5 µs less per Redis hit in a profile)
        return client.get().<byte[], byte[]>getMap(key.resourceKey(), ByteArrayCodec.INSTANCE)
                .getAsync(utf8(key.variantField()))
                .thenCompose(this::unlessSuperseded);
    }

    /**
     * The entry the bytes hold, unless a lazy purge superseded it (see {@link TagEpochs}): checked against
     * this node's copy of the epochs, or against the registry itself when the copy cannot tell (a registry
     * that cannot be read makes it a miss).
     */
    private CompletionStage<Optional<CacheEntry>> unlessSuperseded(byte[] bytes) {
        Optional<CacheEntry> entry = bytes == null ? Optional.empty() : EntryCodec.decode(bytes);
        if (entry.isEmpty()) {
            return CompletableFuture.completedFuture(entry);
        }
        return superseded(entry.get(), EntryCodec.fillSequence(bytes))
                .thenApply(gone -> gone ? Optional.<CacheEntry>empty() : entry);
    }

    /**
     * Whether a lazy purge superseded the entry: by this node's copy of the epochs, or by the registry itself
     * when the copy cannot tell (a registry that cannot be read counts as superseded: a miss, never stale).
     */
    private CompletionStage<Boolean> superseded(CacheEntry entry, long fillSequence) {
        return switch (namespace.epochs().verdict(entry.refs(), fillSequence)) {
            case CURRENT -> CompletableFuture.completedFuture(false);
            case SUPERSEDED -> CompletableFuture.completedFuture(true);
            case ASK_REDIS -> registry.supersedes(entry.refs(), fillSequence).exceptionally(failed -> true);
        };
    }

    @Override
    public CompletionStage<java.util.Map<String, CacheEntry>> variants(String resourceKey) {
        Optional<RedissonClient> client = connector.client();
        if (client.isEmpty()) {
            return notConnected();
        }
        return client.get().<String, byte[]>getMap(resourceKey, FIELD_BYTES).readAllMapAsync().thenCompose(fields -> {
            java.util.Map<String, CacheEntry> entries = new java.util.concurrent.ConcurrentSkipListMap<>();
            CompletableFuture<?>[] checks = fields.entrySet().stream()
                    .map(field -> unlessSuperseded(field.getValue()).thenAccept(entry -> entry
                            .ifPresent(e -> entries.put(field.getKey(), e))).toCompletableFuture())
                    .toArray(CompletableFuture[]::new);
            // a field of another kind, or a corrupt entry, decodes to nothing (a lookup reads it as a miss)
            return CompletableFuture.allOf(checks).thenApply(done -> (java.util.Map<String, CacheEntry>) entries);
        });
    }

    @Override
    public CompletionStage<Long> fillSequence() {
        Optional<RedissonClient> client = connector.client();
        if (client.isEmpty()) {
            return notConnected();
        }
        return readSequence(client.get());
    }

    /** seq-read.lua, or the estimated fence when the sequence's master fails or is slow to answer. */
    private CompletionStage<Long> readSequence(RedissonClient client) {
        String seq = namespace.sequenceKey();
        // below what seq-read would answer now (it is at least the server time), so it can only refuse more
        long fallback = estimatedFence.getAsLong();
        CompletableFuture<Long> read = client.getScript(StringCodec.INSTANCE).<Object>evalAsync(seq,
                RScript.Mode.READ_ONLY, RedisScripts.SEQ_READ, RScript.ReturnType.VALUE, List.of(seq))
                .thenApply(v -> {
                    long value = Long.parseLong(String.valueOf(v));
                    namespace.observeSequence(value);
                    return value;
                })
                .toCompletableFuture();
        if (!client.getConfig().isClusterConfig()) {
            return read;    // one Redis: if the sequence fails, so does everything else
        }
        return read.exceptionally(e -> fallback).completeOnTimeout(fallback, SEQUENCE_WAIT_MILLIS,
                TimeUnit.MILLISECONDS);
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
                key.resourceKey(), RScript.Mode.READ_WRITE, RedisScripts.START_FILL, RScript.ReturnType.LIST, keys,
                utf8(key.variantField()), utf8(leaseToken), utf8(Long.toString(leaseMillis)),
                utf8(Long.toString(nowMillis)));
        CompletionStage<FillStart> started;
        if (!cluster) {
            started = reply.thenApply(r -> {
                long fence = asLong(r.get(1));
                namespace.observeSequence(fence);
                return fillStart(r, fence);
            });
        } else {
            // the sequence lives in another slot: read it beside the script, in the same round trip
            started = reply.thenCombine(readSequence(client), RedisResponseStore::fillStart);
        }
        return started.thenCompose(this::unlessFilledEntrySuperseded);
    }

    /** Reads the fill-start script's reply; an entry that does not decode is a miss to overwrite. */
    private static FillStart fillStart(List<Object> reply, long sequence) {
        long outcome = asLong(reply.get(0));
        if (outcome == 2L) {
            byte[] bytes = (byte[]) reply.get(2);
            Optional<CacheEntry> filled = EntryCodec.decode(bytes);
            return filled.isPresent() ? new FillStart(sequence, false, filled, EntryCodec.fillSequence(bytes))
                    : new FillStart(sequence, true);
        }
        return new FillStart(sequence, outcome == 1L);
    }

    /**
     * A variant the fill start found fresh, unless a lazy purge superseded it: then the fill goes on as if the
     * lease were taken (the script did not take it: a concurrent fill may run too, which the store's fences
     * and last-writer-wins make harmless — it is rare, and never serves what the purge dropped).
     */
    private CompletionStage<FillStart> unlessFilledEntrySuperseded(FillStart start) {
        if (start.filled().isEmpty()) {
            return CompletableFuture.completedFuture(start);
        }
        return superseded(start.filled().get(), start.filledSequence())
                .thenApply(gone -> gone ? new FillStart(start.sequence(), true) : start);
    }

    @Override
    public CompletionStage<StoreOutcome> store(CacheKey key, CacheEntry given, Set<TagRef> tags, long fillSequence,
            long keyLifetimeMillis, String leaseToken) {
        Optional<RedissonClient> maybeClient = connector.client();
        if (maybeClient.isEmpty()) {
            return notConnected();
        }
        RedissonClient client = maybeClient.get();
        byte[] token = utf8(leaseToken == null ? "" : leaseToken);
        // a hit checks the lazy purges' epochs of the refs the entry carries: it must carry every index it is in
        CacheEntry entry = indexedUnder(given, tags);
        // a fill that began under another generation (everything was invalidated, or Redis lost its
        // control state) or too long ago (its fences may have expired) is not kept
        boolean admissible = key.generation() == namespace.generation()
                && fleetMicros.getAsLong() - fillSequence <= RedisInvalidator.MAX_FILL_MICROS;
        if (!client.getConfig().isClusterConfig()) {
            return admissible
                    ? writeInOneScript(client, key, entry, tags, fillSequence, keyLifetimeMillis, token)
                    : writeResource(client, key, entry, fillSequence, keyLifetimeMillis, token, false);
        }
        if (!admissible) {
            return writeResource(client, key, entry, fillSequence, keyLifetimeMillis, token, false);
        }
        CompletionStage<Indexed> indexed = tags.isEmpty() ? CompletableFuture.completedFuture(new Indexed(true, true))
                : index(client, key, entry, tags, fillSequence);
        return indexed.thenCompose(answer -> writeResource(client, key, entry, fillSequence, keyLifetimeMillis,
                token, answer.accepted() && answer.confirmed())
                .thenApply(outcome -> answer.accepted() && !answer.confirmed() ? StoreOutcome.UNREPLICATED : outcome))
                // a variant refused for the limit is new, so its members go again; an unreplicated one's members
                // stay: an earlier version of the variant may still be in the hash, reachable only through them
                .thenCompose(outcome -> outcome == StoreOutcome.VARIANT_LIMIT && !tags.isEmpty()
                        ? unindex(client, key, tags).thenApply(ignored -> outcome)
                        : CompletableFuture.completedFuture(outcome));
    }

    /**
     * What the indexes said of a cluster store's members.
     *
     * @param accepted every index took the member (none was fenced)
     * @param confirmed a replica of every index's master has the member (or Redis has no replicas)
     */
    private record Indexed(boolean accepted, boolean confirmed) {
    }

    /** The resource's slot: writes the variant unless told not to or fenced; releases the lease. */
    private CompletionStage<StoreOutcome> writeResource(RedissonClient client, CacheKey key, CacheEntry entry,
            long fillSequence, long keyLifetimeMillis, byte[] token, boolean write) {
        String hash = key.resourceKey();
        List<Object> keys = List.of(hash, namespace.leaseKey(key),
                namespace.resourceFenceKey(key.generation(), key.resourceId()),
                namespace.expiriesKey(key.generation(), key.resourceId()));
        return client.getScript(ByteArrayCodec.INSTANCE).<Long>evalAsync(hash, RScript.Mode.READ_WRITE,
                RedisScripts.STORE_RESOURCE, RScript.ReturnType.LONG, keys,
                utf8(key.variantField()), write ? EntryCodec.encode(entry, fillSequence) : new byte[0],
                utf8(Long.toString(keyLifetimeMillis)), token, utf8(Long.toString(fillSequence)),
                utf8(Long.toString(entry.staleUntilMillis())), utf8(Long.toString(entry.storedAtMillis())),
                utf8(write ? "1" : "0"), maxVariants)
                .thenApply(RedisResponseStore::outcome);
    }

    /** Not on a cluster: fences, variant, indexes and lease in one atomic script, one round trip. */
    private CompletionStage<StoreOutcome> writeInOneScript(RedissonClient client, CacheKey key, CacheEntry entry,
            Set<TagRef> tags, long fillSequence, long keyLifetimeMillis, byte[] token) {
        List<Object> keys = new ArrayList<>(4 + 2 * tags.size());
        keys.add(key.resourceKey());
        keys.add(namespace.leaseKey(key));
        keys.add(namespace.resourceFenceKey(key.generation(), key.resourceId()));
        keys.add(namespace.expiriesKey(key.generation(), key.resourceId()));
        List<TagRef> ordered = List.copyOf(tags);
        for (TagRef tag : ordered) {
            keys.add(namespace.indexKey(key.generation(), tag));
        }
        for (TagRef tag : ordered) {
            keys.add(namespace.fenceKey(key.generation(), tag));
        }
        return client.getScript(ByteArrayCodec.INSTANCE).<Long>evalAsync(RScript.Mode.READ_WRITE,
                RedisScripts.STORE_ONE, RScript.ReturnType.LONG, keys,
                utf8(key.variantField()), EntryCodec.encode(entry, fillSequence), utf8(Long.toString(keyLifetimeMillis)), token,
                utf8(Namespace.member(key.resourceId(), key.variantField())),
                utf8(Long.toString(entry.staleUntilMillis())), utf8(Long.toString(entry.storedAtMillis())),
                utf8(Long.toString(fillSequence)), maxVariants, utf8(namespace.controlKey()),
                utf8(Long.toString(key.generation())))
                .thenApply(RedisResponseStore::outcome);
    }

    /** Removes a variant that was not stored from the indexes it was added to (cluster, variant limit). */
    private CompletionStage<?> unindex(RedissonClient client, CacheKey key, Set<TagRef> tags) {
        RBatch batch = client.createBatch(BatchOptions.defaults());
        String member = Namespace.member(key.resourceId(), key.variantField());
        for (TagRef tag : tags) {
            batch.<String>getScoredSortedSet(namespace.indexKey(key.generation(), tag), StringCodec.INSTANCE)
                    .removeAsync(member);
        }
        return batch.executeAsync();
    }

    /**
     * Adds the variant to each index (one pipeline per index's slot, each ending with WAIT where Redis has
     * replicas) and says whether every index accepted it and a replica confirmed it. The variant lives on
     * another master than its indexes: were a member lost in a failover of its index's master while the
     * variant survived on its own, no purge of that index would ever find the variant again.
     */
    private CompletionStage<Indexed> index(RedissonClient client, CacheKey key, CacheEntry entry, Set<TagRef> tags,
            long fillSequence) {
        String member = Namespace.member(key.resourceId(), key.variantField());
        String expiry = Long.toString(entry.staleUntilMillis());
        String now = Long.toString(entry.storedAtMillis());
        String fence = Long.toString(fillSequence);
        List<String> indexes = new ArrayList<>();
        List<String> fences = new ArrayList<>();
        for (TagRef tag : tags) {
            indexes.add(namespace.indexKey(key.generation(), tag));
            fences.add(namespace.fenceKey(key.generation(), tag));
        }
        ReplicatedWrites.Session session = writes.session(INDEX_WAIT);
        return session.<Long>run(client, indexes, (batch, i) -> batch.getScript(StringCodec.INSTANCE).evalAsync(
                indexes.get(i), RScript.Mode.READ_WRITE, RedisScripts.INDEX_ADD, RScript.ReturnType.LONG,
                List.of(indexes.get(i), fences.get(i)), member, expiry, now, fence))
                .thenApply(answers -> new Indexed(answers.stream().allMatch(a -> a != null && a == 1L),
                        !session.unconfirmed()));
    }

    /** The entry carrying {@code tags} among its refs. */
    private static CacheEntry indexedUnder(CacheEntry entry, Set<TagRef> tags) {
        if (entry.refs().containsAll(tags)) {
            return entry;
        }
        Set<TagRef> all = new java.util.HashSet<>(entry.refs());
        all.addAll(tags);
        return new CacheEntry(entry.status(), entry.gzipped(), entry.headers(), entry.etag(), entry.storedAtMillis(),
                entry.freshUntilMillis(), entry.staleUntilMillis(), entry.body(), all, entry.originTag());
    }

    private static StoreOutcome outcome(Long reply) {
        return reply == 1L ? StoreOutcome.STORED : reply == 2L ? StoreOutcome.VARIANT_LIMIT : StoreOutcome.FENCED;
    }

    private static long asLong(Object reply) {
        if (reply instanceof Number n) {
            return n.longValue();
        }
        if (reply instanceof byte[] bytes) {
            return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
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
