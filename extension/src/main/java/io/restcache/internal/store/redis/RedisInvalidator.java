package io.restcache.internal.store.redis;

import io.restcache.internal.store.Invalidator;
import io.restcache.internal.store.TagRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/*
 * Design note: one fence protocol for every purge kind (tags, paths, users, resources, variants).
 *
 *   1. The purge takes the next invalidation sequence S (seq-next.lua: max(previous + 1, server µs)).
 *   2. It raises the fence of everything it drops to S — each index's fence, and on a cluster (or for
 *      resource purges) each resource's fence — BEFORE it reads what to drop. A fill whose fence
 *      (seq-read.lua, read before its method ran) is below an index's or resource's fence never writes
 *      (the store checks the fences in the same script that writes).
 *   3. It deletes the variants, and only then removes their members from the indexes. A purge that
 *      fails half-way (a master failing over) leaves the members in place; its retry finds them again.
 *
 * On one Redis, steps 1-3 for up to CHUNK members are one atomic script (purge-one.lua): one round trip
 * for a normal purge, and a huge index is purged in chunks so that no script blocks Redis for long. On a
 * cluster, where a script may touch one slot only, each step is one pipeline, chunk after chunk.
 *
 * When the sequence cannot be taken (its master is failing over) the purge still runs, with a fence
 * surely above every fence a fill may have read so far (the fleet clock plus its error margin): fills of
 * the purged indexes in flight are refused, which is safe, those that begin a moment later are stored,
 * and fills elsewhere are not affected. Under maxmemory/noeviction
 * Redis refuses the fence writes but runs the reads, DEL and HDEL: the purge goes on unfenced (no store
 * can happen either). No KEYS, no SCAN, no cross-slot command.
 *
 * An index naming more members than the lazy size (restcache.invalidation.lazy-above) is not read: its
 * fence is raised as above, an epoch is written to the registry and the index is unlinked (TagEpochs) —
 * on one Redis in the same script, on a cluster the epoch first (epoch-mark.lua, confirmed like every
 * step) and the unlink only then, so a purge that fails between them finds the index again on its retry.
 * Variant purges always read their index: they drop only some of its members.
 *
 * Where Redis has replicas, each step's batch ends with WAIT for one (ReplicatedWrites): a step no replica
 * confirmed is applied on the primary but could die with it, so the members stay indexed until the deletes
 * are confirmed, and the purge is reported failed at its end for the retry backlog.
 */
/** The Redisson implementation of {@link Invalidator}. */
public final class RedisInvalidator implements Invalidator {

    /** How long a fence is kept: far longer than any fill may take (see {@link #MAX_FILL_MICROS}). */
    static final long FENCE_MILLIS = 600_000;

    /** A fill older than this (by the fleet clock) is not stored: its fences may have expired. */
    public static final long MAX_FILL_MICROS = 300_000_000L;

    /** The fence of a purge made without a sequence: above every sequence (which is server µs). */
    static final long OUTAGE_FENCE = (1L << 53) - 1;

    /** Members dropped per script or pipeline round: a few milliseconds of Redis time at most. */
    static final int CHUNK = 500;

    private final RedisConnector connector;
    private final Namespace namespace;
    private final java.util.function.Function<RedissonClient, CompletionStage<?>> refreshControl;
    private final java.util.function.LongSupplier outageFence;
    private final ReplicatedWrites writes;
    private final int lazyAbove;

    /** The lazy size of an invalidator built without one (tools and tests): the setting's default. */
    static final int DEFAULT_LAZY_ABOVE = 10_000;

    /**
     * @param refreshControl reads and adopts the control state before each purge (see {@link #generations})
     * @param outageFence the fence of a purge made while the sequence cannot be taken: a value surely
     *                    above every fence a fill may have read so far (the fleet clock plus its error
     *                    margin, in µs), so that fills beginning a moment later are stored again
     * @param writes runs the purge writes, confirmed by a replica where Redis has replicas
     * @param lazyAbove an index naming more members than this is purged by an epoch ({@code
     *                  restcache.invalidation.lazy-above})
     */
    public RedisInvalidator(RedisConnector connector, Namespace namespace,
            java.util.function.Function<RedissonClient, CompletionStage<?>> refreshControl,
            java.util.function.LongSupplier outageFence, ReplicatedWrites writes, int lazyAbove) {
        if (lazyAbove <= 0) {
            throw new IllegalArgumentException("lazyAbove must be positive, was " + lazyAbove);
        }
        this.lazyAbove = lazyAbove;
        this.connector = connector;
        this.namespace = namespace;
        this.refreshControl = refreshControl;
        this.outageFence = outageFence;
        this.writes = writes;
    }

    /**
     * An invalidator that does not re-read the control state before purging and fences with the highest
     * value when the sequence cannot be taken (tools and tests).
     */
    public RedisInvalidator(RedisConnector connector, Namespace namespace) {
        this(connector, namespace, ReplicatedWrites.unconfirmed());
    }

    /** The same, with its purge writes confirmed by replicas as {@code writes} says (tools and tests). */
    public RedisInvalidator(RedisConnector connector, Namespace namespace, ReplicatedWrites writes) {
        this(connector, namespace, writes, DEFAULT_LAZY_ABOVE);
    }

    /** The same, with its own lazy size (tools and tests). */
    public RedisInvalidator(RedisConnector connector, Namespace namespace, ReplicatedWrites writes, int lazyAbove) {
        this(connector, namespace, client -> CompletableFuture.completedFuture(null), () -> OUTAGE_FENCE, writes,
                lazyAbove);
    }

    /**
     * The generations a purge must cover. Right after Redis lost its data, nodes move to the recreated
     * generation one by one (within a second): a node still on the old one would purge only the old
     * generation's indexes and miss the entries that nodes already on the new one stored — which would
     * then stay stale until their TTL. So every purge first reads the control state (adopting a new
     * incarnation at once), and purges the generation it found and, if it differs, the one it had.
     */
    private CompletionStage<List<Long>> generations(RedissonClient client) {
        long before = namespace.generation();
        return refreshControl.apply(client).handle((ok, failed) -> {
            long now = namespace.generation();
            return now == before ? List.of(now) : List.of(now, before);
        });
    }

    /** Runs one purge per generation to cover, one after the other; completes with the total dropped. */
    private CompletionStage<Integer> inEachGeneration(RedissonClient client,
            java.util.function.LongFunction<CompletionStage<Integer>> purge) {
        return generations(client).thenCompose(gens -> {
            CompletionStage<Integer> all = CompletableFuture.completedFuture(0);
            for (long gen : gens) {
                all = all.thenCompose(sum -> purge.apply(gen).thenApply(n -> sum + n));
            }
            return all;
        });
    }

    @Override
    public CompletionStage<Integer> purge(Collection<TagRef> refs) {
        Optional<RedissonClient> maybe = connected();
        if (maybe.isEmpty()) {
            return notConnected();
        }
        RedissonClient client = maybe.get();
        List<TagRef> ordered = List.copyOf(refs);
        ReplicatedWrites.Session session = writes.session();
        if (!client.getConfig().isClusterConfig()) {
            return session.finish(inEachGeneration(client, gen -> purgeInChunks(session, client, gen, ordered, "", 0, -1)));
        }
        return session.finish(inEachGeneration(client, gen -> nextSequence(client)
                .thenCompose(seq -> purgeIndexes(session, client, gen, ordered, seq, Set.of(), 0, -1))));
    }

    /** One Redis: atomic chunks with one sequence, until every member present at the start is gone. */
    private CompletionStage<Integer> purgeInChunks(ReplicatedWrites.Session session, RedissonClient client, long gen,
            List<TagRef> refs, String seq, int droppedSoFar, long roundsLeft) {
        List<Object> keys = new ArrayList<>(2 * refs.size() + 1);
        for (TagRef ref : refs) {
            keys.add(namespace.indexKey(gen, ref));
        }
        for (TagRef ref : refs) {
            keys.add(namespace.fenceKey(gen, ref));
        }
        keys.add(namespace.sequenceKey());
        keys.add(namespace.epochsKey(gen));
        String resourcePrefix = namespace.keys().namespace(gen) + "r:{";
        List<Object> args = new ArrayList<>(5 + refs.size());
        args.add(seq);
        args.add(Long.toString(FENCE_MILLIS));
        args.add(resourcePrefix);
        args.add(Integer.toString(CHUNK));
        args.add(Integer.toString(lazyAbove));
        TagEpochs epochs = namespace.epochs();
        List<String> ids = refs.stream().map(epochs::id).toList();
        args.addAll(ids);
        return session.<List<Object>>run(client, List.of(namespace.sequenceKey()), (batch, i) -> batch
                .getScript(StringCodec.INSTANCE).evalAsync(RScript.Mode.READ_WRITE, RedisScripts.PURGE_ONE,
                        RScript.ReturnType.LIST, keys, args.toArray()))
                .thenApply(replies -> replies.get(0))
                .thenCompose(reply -> {
                    String sequence = String.valueOf(reply.get(0));
                    namespace.observeSequence(Long.parseLong(sequence));
                    for (int at = 3; at + 1 < reply.size(); at += 2) {       // the lazily purged indexes
                        String id = ids.get((int) asLong(reply.get(at)) - 1);
                        epochs.learned(id, Long.parseLong(sequence), asLong(reply.get(at + 1)));
                    }
                    long remaining = asLong(reply.get(1));
                    int dropped = droppedSoFar + (int) asLong(reply.get(2));
                    // members added during the purge by fills that started after it are fresh; the
                    // rounds are bounded by what was there at the start so a busy index cannot pin us
                    long rounds = roundsLeft < 0 ? remaining / CHUNK + 1 : roundsLeft - 1;
                    if (remaining == 0 || rounds <= 0) {
                        return CompletableFuture.completedFuture(dropped);
                    }
                    return purgeInChunks(session, client, gen, refs, sequence, dropped, rounds);
                });
    }

    /**
     * Cluster (and variant purges everywhere): per chunk, fence and read each index, purge the
     * resources named by the members, then remove those members from their indexes. With
     * {@code onlyFields} non-empty, only members of those variant fields are dropped (the whole index is
     * read once, fenced, and the others stay).
     */
    private CompletionStage<Integer> purgeIndexes(ReplicatedWrites.Session session, RedissonClient client, long gen,
            List<TagRef> refs, long seq, Set<String> onlyFields, int droppedSoFar, long roundsLeft) {
        boolean filtered = !onlyFields.isEmpty();
        // raising the fences is what a failover must not lose: a fill in flight would store behind them
        List<String> indexes = refs.stream().map(ref -> namespace.indexKey(gen, ref)).toList();
        return session.<Object>run(client, indexes, (batch, i) -> batch.getScript(StringCodec.INSTANCE).evalAsync(
                indexes.get(i), RScript.Mode.READ_WRITE, RedisScripts.INDEX_FENCE, RScript.ReturnType.LIST,
                List.of(indexes.get(i), namespace.fenceKey(gen, refs.get(i))), Long.toString(seq),
                Long.toString(FENCE_MILLIS), Integer.toString(filtered ? -1 : CHUNK),
                Integer.toString(filtered ? 0 : lazyAbove))).thenCompose(responses -> {
            Map<TagRef, Long> lazy = new LinkedHashMap<>();
            Map<TagRef, List<String>> chosen = new LinkedHashMap<>();
            for (int i = 0; i < refs.size(); i++) {
                List<String> members = new ArrayList<>();
                if (responses.get(i) instanceof List<?> list && list.size() == 2 && "~".equals(String.valueOf(list.get(0)))) {
                    lazy.put(refs.get(i), asLong(list.get(1)));     // past the lazy size: an epoch, not a read
                } else if (responses.get(i) instanceof List<?> list) {
                    for (Object m : list) {
                        String member = String.valueOf(m);
                        if (!filtered || onlyFields.contains(field(member))) {
                            members.add(member);
                        }
                    }
                }
                if (!members.isEmpty()) {
                    chosen.put(refs.get(i), members);
                }
            }
            if (!lazy.isEmpty()) {
                // the lazy indexes are settled before the rest: their epoch, then their unlink
                List<TagRef> eager = refs.stream().filter(ref -> !lazy.containsKey(ref)).toList();
                return markEpochs(session, client, gen, lazy, seq).thenCompose(ignored -> eager.isEmpty()
                        ? CompletableFuture.completedFuture(droppedSoFar)
                        : purgeIndexes(session, client, gen, eager, seq, onlyFields, droppedSoFar, roundsLeft));
            }
            if (chosen.isEmpty()) {
                return CompletableFuture.completedFuture(droppedSoFar);
            }
            List<String> all = chosen.values().stream().flatMap(List::stream).distinct().toList();
            return purgeVariants(session, client, gen, all, seq)
                    .thenCompose(ignored -> {
                        if (session.unconfirmed()) {
                            // the members stay in their indexes until the deletes are on a replica: a retry
                            // must find them again should a failover lose what was applied unconfirmed
                            return CompletableFuture.completedFuture(0L);
                        }
                        return unindex(client, gen, chosen);
                    })
                    .thenCompose(remaining -> {
                        int dropped = droppedSoFar + all.size();
                        long rounds = roundsLeft < 0 ? remaining / CHUNK + 1 : roundsLeft - 1;
                        if (filtered || remaining == 0 || rounds <= 0) {
                            return CompletableFuture.completedFuture(dropped);
                        }
                        return purgeIndexes(session, client, gen, refs, seq, onlyFields, dropped, rounds);
                    });
        });
    }

    /**
     * Cluster: writes each lazy index's epoch into the registry copies (each on its own slot: see {@link
     * Namespace#epochsKeys}), records it here, and once a majority of copies has it, confirmed by a replica
     * where Redis has replicas, unlinks the index. Readers merge a majority, so they see it whichever copy
     * is down; fewer than a majority fails the purge (unconfirmed: the epochs stay applied and the index in
     * place for the retry), so a failing-over master holds up no lazy purge unless it holds the index.
     */
    private CompletionStage<Void> markEpochs(ReplicatedWrites.Session session, RedissonClient client, long gen,
            Map<TagRef, Long> lifeByRef, long seq) {
        List<TagRef> refs = List.copyOf(lifeByRef.keySet());
        List<String> copies = namespace.epochsKeys(gen);
        List<CompletableFuture<CopyMark>> marks = copies.stream()
                .map(copy -> markCopy(client, copy, refs, lifeByRef, seq)).toList();
        return CompletableFuture.allOf(marks.toArray(CompletableFuture[]::new)).thenCompose(all -> {
            List<CopyMark> done = marks.stream().map(CompletableFuture::join).toList();
            int majority = Namespace.majority(copies.size());
            List<CopyMark> applied = done.stream().filter(m -> m.untils() != null).toList();
            if (applied.size() < majority) {
                Throwable error = done.stream().map(CopyMark::error).filter(java.util.Objects::nonNull).findFirst()
                        .orElseGet(() -> new IllegalStateException("no registry copy answered"));
                return CompletableFuture.<Void>failedFuture(error);
            }
            TagEpochs epochs = namespace.epochs();
            for (CopyMark mark : applied) {
                for (int i = 0; i < refs.size(); i++) {
                    epochs.learned(epochs.id(refs.get(i)), seq, asLong(mark.untils().get(i)));
                }
            }
            if (applied.stream().filter(m -> m.unconfirmed() == null).count() < majority) {
                applied.stream().map(CopyMark::unconfirmed).filter(java.util.Objects::nonNull).findFirst()
                        .ifPresent(session::unconfirmed);
                return CompletableFuture.completedFuture(null);
            }
            if (session.unconfirmed()) {
                return CompletableFuture.completedFuture(null);
            }
            List<String> indexes = refs.stream().map(ref -> namespace.indexKey(gen, ref)).toList();
            return session.<Boolean>run(client, indexes, (batch, i) -> batch.getBucket(indexes.get(i))
                    .unlinkAsync()).thenApply(ignored -> null);
        });
    }

    /** One registry copy's epochs: the ends Redis answered (null when it failed) and what went unconfirmed. */
    private record CopyMark(List<Object> untils, Throwable error, ReplicatedWrites.UnreplicatedWrite unconfirmed) {
    }

    private CompletableFuture<CopyMark> markCopy(RedissonClient client, String copy, List<TagRef> refs,
            Map<TagRef, Long> lifeByRef, long seq) {
        TagEpochs epochs = namespace.epochs();
        ReplicatedWrites.Session own = writes.session();
        List<String> routing = refs.stream().map(ref -> copy).toList();
        return own.<Object>run(client, routing, (batch, i) -> batch.getScript(StringCodec.INSTANCE).evalAsync(copy,
                RScript.Mode.READ_WRITE, RedisScripts.EPOCH_MARK, RScript.ReturnType.VALUE, List.of(copy),
                epochs.id(refs.get(i)), Long.toString(seq), Long.toString(lifeByRef.get(refs.get(i)))))
                .toCompletableFuture()
                .handle((untils, error) -> new CopyMark(error == null ? untils : null, error,
                        own.unconfirmation().orElse(null)));
    }

    /** Removes the members whose variants are gone; completes with how many members the indexes still hold. */
    private CompletionStage<Long> unindex(RedissonClient client, long gen, Map<TagRef, List<String>> members) {
        RBatch batch = client.createBatch(BatchOptions.defaults());
        members.forEach((ref, list) -> {
            var index = batch.<String>getScoredSortedSet(namespace.indexKey(gen, ref), StringCodec.INSTANCE);
            index.removeAllAsync(list);
            index.sizeAsync();
        });
        return batch.executeAsync().thenApply(result -> {
            long remaining = 0;
            List<?> responses = result.getResponses();
            for (int i = 1; i < responses.size(); i += 2) {
                remaining += asLong(responses.get(i));
            }
            return remaining;
        });
    }

    /** Fences each member's resource and deletes its fields, one script per resource, pipelined. */
    private CompletionStage<List<Long>> purgeVariants(ReplicatedWrites.Session session, RedissonClient client, long gen,
            List<String> members, long seq) {
        Map<String, List<String>> fieldsByResource = new LinkedHashMap<>();
        for (String member : members) {
            int colon = member.indexOf(':');
            if (colon > 0) {
                fieldsByResource.computeIfAbsent(member.substring(0, colon), r -> new ArrayList<>())
                        .add(member.substring(colon + 1));
            }
        }
        return purgeResourceFields(session, client, gen, fieldsByResource, seq);
    }

    /** Fences each resource and deletes the given fields (all of them for an empty list). */
    private CompletionStage<List<Long>> purgeResourceFields(ReplicatedWrites.Session session, RedissonClient client,
            long gen, Map<String, List<String>> fieldsByResource, long seq) {
        List<String> resourceIds = List.copyOf(fieldsByResource.keySet());
        List<String> hashes = resourceIds.stream().map(id -> namespace.keys().resourceKey(gen, id)).toList();
        return session.run(client, hashes, (batch, i) -> {
            List<String> fields = fieldsByResource.get(resourceIds.get(i));
            List<Object> args = new ArrayList<>(2 + fields.size());
            args.add(Long.toString(seq));
            args.add(Long.toString(FENCE_MILLIS));
            args.addAll(fields);
            return batch.getScript(StringCodec.INSTANCE).<Long>evalAsync(hashes.get(i), RScript.Mode.READ_WRITE,
                    RedisScripts.RESOURCE_PURGE, RScript.ReturnType.LONG,
                    List.of(hashes.get(i), namespace.resourceFenceKey(gen, resourceIds.get(i))), args.toArray());
        });
    }

    @Override
    public CompletionStage<Integer> purgeVariants(TagRef scope, Set<String> variantFields) {
        Optional<RedissonClient> maybe = connected();
        if (maybe.isEmpty()) {
            return notConnected();
        }
        if (variantFields.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        RedissonClient client = maybe.get();
        ReplicatedWrites.Session session = writes.session();
        return session.finish(inEachGeneration(client, gen -> nextSequence(client).thenCompose(seq -> purgeIndexes(
                session, client, gen, List.of(scope), seq, Set.copyOf(variantFields), 0, -1))));
    }

    @Override
    public CompletionStage<Void> purgeResources(Collection<String> resourceIds) {
        Optional<RedissonClient> maybe = connected();
        if (maybe.isEmpty()) {
            return notConnected();
        }
        RedissonClient client = maybe.get();
        Map<String, List<String>> whole = new LinkedHashMap<>();
        resourceIds.forEach(id -> whole.put(id, List.of()));
        ReplicatedWrites.Session session = writes.session();
        return session.finish(inEachGeneration(client, gen -> nextSequence(client)
                .thenCompose(seq -> purgeResourceFields(session, client, gen, whole, seq))
                .thenApply(r -> resourceIds.size()))).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Long> bumpGeneration() {
        Optional<RedissonClient> maybe = connected();
        if (maybe.isEmpty()) {
            return notConnected();
        }
        String control = namespace.controlKey();
        String id = UUID.randomUUID().toString();
        ReplicatedWrites.Session session = writes.session();
        return session.finish(session.<List<Object>>run(maybe.get(), List.of(control), (batch, i) -> batch
                .getScript(StringCodec.INSTANCE).evalAsync(control, RScript.Mode.READ_WRITE, RedisScripts.BUMP,
                        RScript.ReturnType.LIST, List.of(control), id)))
                .thenApply(replies -> replies.get(0))
                .thenApply(reply -> {
                    long gen = Long.parseLong(String.valueOf(reply.get(1)));
                    namespace.adopt(new Namespace.Incarnation(String.valueOf(reply.get(0)), gen));
                    return gen;
                });
    }

    /** The client, once connected and the generation is known; a purge before that is retried later. */
    private Optional<RedissonClient> connected() {
        return namespace.generation() < 0 ? Optional.empty() : connector.client();
    }

    private static <T> CompletionStage<T> notConnected() {
        return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
    }

    /** The next invalidation sequence; the outage fence when the sequence's master does not answer. */
    private CompletionStage<Long> nextSequence(RedissonClient client) {
        String seq = namespace.sequenceKey();
        return client.getScript(StringCodec.INSTANCE).<Object>evalAsync(seq, RScript.Mode.READ_WRITE,
                RedisScripts.SEQ_NEXT, RScript.ReturnType.VALUE, List.of(seq))
                .thenApply(v -> {
                    long value = Long.parseLong(String.valueOf(v));
                    namespace.observeSequence(value);
                    return value;
                })
                .exceptionally(e -> Math.max(outageFence.getAsLong(), namespace.highestSequence() + 1));
    }

    private static String field(String member) {
        return member.substring(member.indexOf(':') + 1);
    }

    private static long asLong(Object reply) {
        if (reply instanceof Number n) {
            return n.longValue();
        }
        return reply == null ? 0L : Long.parseLong(reply.toString());
    }
}
