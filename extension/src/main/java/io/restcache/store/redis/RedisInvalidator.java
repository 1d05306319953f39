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
 * Design note. On one Redis (not a cluster) a purge is one atomic script: INCR the sequence, raise each
 * index's fence, pop its members, HDEL them. On a cluster, where one script may touch one slot only, it
 * is three pipelined round trips, whatever the number of entries:
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

    /**
     * KEYS = the indexes, then their fences; ARGV = sequence key, fence TTL ms, resource key prefix.
     * Returns how many members it dropped.
     */
    private static final String ONE_SCRIPT_PURGE =
            "local seq = redis.call('INCR', ARGV[1]) "
            + "local n = #KEYS / 2 "
            + "local dropped = 0 "
            + "for i = 1, n do "
            + "  if tonumber(redis.call('GET', KEYS[n + i]) or '0') < seq then "
            + "    redis.call('SET', KEYS[n + i], seq, 'PX', ARGV[2]) "
            + "  end "
            + "  local members = redis.call('ZRANGE', KEYS[i], 0, -1) "
            + "  redis.call('DEL', KEYS[i]) "
            + "  for _, m in ipairs(members) do "
            + "    local c = string.find(m, ':', 1, true) "
            + "    if c then redis.call('HDEL', ARGV[3] .. string.sub(m, 1, c - 1) .. '}', string.sub(m, c + 1)) end "
            + "    dropped = dropped + 1 "
            + "  end "
            + "end "
            + "return dropped";

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
        if (!client.getConfig().isClusterConfig()) {
            // one Redis: the whole purge is one atomic script, one round trip; if Redis refuses it (OOM
            // refuses the INCR), the pipelined path below purges unfenced
            return purgeInOneScript(client, gen, refs).exceptionallyCompose(refused -> purgePipelined(client, gen, refs));
        }
        return purgePipelined(client, gen, refs);
    }

    /** Cluster-safe: sequence, fenced pops per index (one slot each), HDELs per resource — three pipelines. */
    private CompletionStage<Integer> purgePipelined(RedissonClient client, long gen, Collection<TagRef> refs) {
        return nextSequence(client)
                .thenCompose(seq -> pop(client, gen, refs, seq))
                .thenCompose(members -> deleteVariants(client, gen, members).thenApply(v -> members.size()));
    }

    /**
     * Not on a cluster: the sequence, the fences, the pops and the HDELs in one script. It touches the
     * resource hashes named by the members without declaring them, which a single Redis allows and a
     * cluster would refuse — hence only here.
     */
    private CompletionStage<Integer> purgeInOneScript(RedissonClient client, long gen, Collection<TagRef> refs) {
        List<Object> keys = new ArrayList<>();
        for (TagRef ref : refs) {
            keys.add(namespace.indexKey(gen, ref));
        }
        for (TagRef ref : refs) {
            keys.add(namespace.fenceKey(gen, ref));
        }
        String resourcePrefix = namespace.keys().namespace(gen) + "r:{";
        return client.getScript(StringCodec.INSTANCE).<Long>evalAsync(RScript.Mode.READ_WRITE, ONE_SCRIPT_PURGE,
                RScript.ReturnType.LONG, keys, namespace.sequenceKey(), Long.toString(FENCE_MILLIS), resourcePrefix)
                .thenApply(Long::intValue);
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
