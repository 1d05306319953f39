package io.restcache.internal.store;

/** What became of one {@link ResponseStore#store} call. */
public enum StoreOutcome {
    /** The variant is stored and indexed. */
    STORED,
    /** One of its indexes was purged after the fill started: the variant may be stale and is not kept. */
    FENCED,
    /** Its resource already holds the most variants allowed ({@code restcache.key.max-variants}): not stored. */
    VARIANT_LIMIT
}
