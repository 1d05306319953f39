package io.restcache.internal.store;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The purges of the stored data. None of them scans the keyspace; each works on Redis Cluster and
 * under maxmemory with noeviction (it only reads and deletes).
 */
public interface Invalidator {

    /**
     * Drops every variant indexed under any of these references, and fences them: a fill that started
     * before this purge and stores afterwards removes its own entry again.
     *
     * @return how many index members were dropped (variants, counting those already expired)
     */
    CompletionStage<Integer> purge(Collection<TagRef> refs);

    /**
     * Drops the variants with these fields among those indexed under {@code scope} (a path), keeping
     * the others: one language's or one coding's representation, say.
     */
    CompletionStage<Integer> purgeVariants(TagRef scope, Set<String> variantFields);

    /** Deletes whole resources (every variant), by resource id: one {@code UNLINK} per resource. */
    CompletionStage<Void> purgeResources(Collection<String> resourceIds);

    /** Moves the namespace to a new generation: everything stored before becomes unreachable. */
    CompletionStage<Long> bumpGeneration();
}
