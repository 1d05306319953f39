package io.restcache.internal.store;

/** What became of one {@link ResponseStore#store} call. */
public enum StoreOutcome {
    /** The variant is stored and indexed. */
    STORED,
    /** One of its indexes was purged after the fill started: the variant may be stale and is not kept. */
    FENCED,
    /** Its resource already holds the most variants allowed ({@code restcache.key.max-variants}): not stored. */
    VARIANT_LIMIT,
    /**
     * On a cluster with replicas, no replica confirmed the variant's index members in time: not kept, since a
     * failover of an index's master could lose a member while the variant survived on its own master, out
     * of reach of every purge of that index.
     */
    UNREPLICATED
}
