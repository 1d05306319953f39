package io.restcache.store.redis;

import io.restcache.store.Invalidator;
import io.restcache.store.TagRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/*
 * Design note. A purge is three pipelined round trips, whatever the number of entries:
 *   1. INCR the invalidation sequence (the fence value);
 *   2. per index, one single-slot script: raise the fence to that value, read all members, delete the
 *      index (atomic, so a concurrent store either is popped here or reads the new fence);
 *   3. HDEL the popped variants, grouped per resource, in one pipeline (Redisson splits it per node
 *      on a cluster).
 * Under maxmemory/noeviction Redis refuses INCR and SET but still runs reads, DEL and HDEL: step 1 then
 * fails and the purge goes on unfenced (pcall keeps the script alive); a store cannot happen under
 * OOM anyway, so there is no refill to fence. No KEYS, no SCAN, no cross-slot command.
 */
/** The Redisson implementation of {@link Invalidator}. */
public final class RedisInvalidator implements Invalidator {

    /** How long a fence is kept: far longer than any fill can take. */
    static final long FENCE_MILLIS = 3_600_000;

    /**
     * KEYS[1] = index, KEYS[2] = fence; ARGV[1] = sequence ('' when unfenced), ARGV[2] = fence TTL ms.
     * Returns the members it removed.
     */
    private static final String POP_SCRIPT =
            "if ARGV[1] ~= '' then "
            + "  local seq = tonumber(ARGV[1]) "
            + "  if tonumber(redis.call('GET', KEYS[2]) or '0') < seq then "
            + "    redis.pcall('SET', KEYS[2], ARGV[1], 'PX', ARGV[2]) "
            + "  end "
            + "end "
            + "local members = redis.call('ZRANGE', KEYS[1], 0, -1) "
            + "redis.call('DEL', KEYS[1]) "
            + "return members";

    private final RedisConnector connector;
    private final Namespace namespace;

    public RedisInvalidator(RedisConnector connector, Namespace namespace) {
        this.connector = connector;
        this.namespace = namespace;
    }

    @Override
    public CompletionStage<Integer> purge(Collection<TagRef> refs) {
        Optional<RedissonClient> maybe = connected();
        if (maybe.isEmpty()) {
            return notConnected();
        }
        RedissonClient client = maybe.get();
        long gen = namespace.generation();
        return nextSequence(client)
                .thenCompose(seq -> pop(client, gen, refs, seq))
                .thenCompose(members -> deleteVariants(client, gen, members).thenApply(v -> members.size()));
    }

    @Override
    public CompletionStage<Integer> purgeVariants(TagRef scope, Set<String> variantFields) {
        Optional<RedissonClient> maybe = connected();
        if (maybe.isEmpty()) {
            return notConnected();
        }
        RedissonClient client = maybe.get();
        long gen = namespace.generation();
        String index = namespace.indexKey(gen, scope);
        return client.<String>getScoredSortedSet(index, StringCodec.INSTANCE).readAllAsync()
                .thenCompose(all -> {
                    List<String> chosen = all.stream()
                            .filter(m -> variantFields.contains(m.substring(m.indexOf(':') + 1))).toList();
                    RBatch batch = client.createBatch(BatchOptions.defaults());
                    addDeletes(batch, gen, chosen);
                    if (!chosen.isEmpty()) {
                        batch.getScoredSortedSet(index, StringCodec.INSTANCE).removeAllAsync(chosen);
                    }
                    return batch.executeAsync().thenApply(r -> chosen.size());
                });
    }

    @Override
    public CompletionStage<Void> purgeResources(Collection<String> resourceIds) {
        Optional<RedissonClient> maybe = connected();
        if (maybe.isEmpty()) {
            return notConnected();
        }
        long gen = namespace.generation();
        RBatch batch = maybe.get().createBatch(BatchOptions.defaults());
        for (String id : resourceIds) {
            batch.getBucket(namespace.keys().resourceKey(gen, id)).unlinkAsync();
        }
        return batch.executeAsync().thenApply(r -> null);
    }

    @Override
    public CompletionStage<Long> bumpGeneration() {
        Optional<RedissonClient> maybe = connected();
        if (maybe.isEmpty()) {
            return notConnected();
        }
        return maybe.get().getAtomicLong(namespace.generationKey()).incrementAndGetAsync()
                .thenApply(gen -> {
                    namespace.observe(gen);
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

    /** The next invalidation sequence, or empty when Redis refuses writes (OOM): purge unfenced. */
    private CompletionStage<Optional<Long>> nextSequence(RedissonClient client) {
        return client.getAtomicLong(namespace.sequenceKey()).incrementAndGetAsync()
                .thenApply(Optional::of)
                .exceptionally(e -> Optional.empty());
    }

    private CompletionStage<List<String>> pop(RedissonClient client, long gen, Collection<TagRef> refs,
            Optional<Long> seq) {
        RBatch batch = client.createBatch(BatchOptions.defaults());
        String fence = seq.map(String::valueOf).orElse("");
        for (TagRef ref : refs) {
            String index = namespace.indexKey(gen, ref);
            batch.getScript(StringCodec.INSTANCE).evalAsync(index, RScript.Mode.READ_WRITE, POP_SCRIPT,
                    RScript.ReturnType.LIST, List.of(index, namespace.fenceKey(gen, ref)), fence,
                    Long.toString(FENCE_MILLIS));
        }
        return batch.executeAsync().thenApply(result -> {
            List<String> members = new ArrayList<>();
            for (Object response : result.getResponses()) {
                if (response instanceof List<?> list) {
                    list.forEach(m -> members.add(String.valueOf(m)));
                }
            }
            return members;
        });
    }

    private CompletionStage<Void> deleteVariants(RedissonClient client, long gen, List<String> members) {
        if (members.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        RBatch batch = client.createBatch(BatchOptions.defaults());
        addDeletes(batch, gen, members);
        return batch.executeAsync().thenApply(r -> null);
    }

    /** HDEL of each member's field, one command per resource. */
    private void addDeletes(RBatch batch, long gen, List<String> members) {
        Map<String, List<String>> fieldsByResource = new HashMap<>();
        for (String member : members) {
            int colon = member.indexOf(':');
            if (colon > 0) {
                fieldsByResource.computeIfAbsent(member.substring(0, colon), r -> new ArrayList<>())
                        .add(member.substring(colon + 1));
            }
        }
        fieldsByResource.forEach((resourceId, fields) -> batch
                .getMap(namespace.keys().resourceKey(gen, resourceId), StringCodec.INSTANCE)
                .fastRemoveAsync(fields.toArray()));
    }
}
