package io.restcache.internal.store;

import java.util.Optional;

/**
 * What a fill learns from the store before its method runs, in one round trip.
 *
 * @param sequence the fleet-wide invalidation sequence at this moment: the fill's fence (a purge of one
 *                 of its tags after this point keeps the fill's result out of the store)
 * @param leaseTaken whether this fill now holds the variant's fleet lease (or Redis refused the lease,
 *                   in which case the fill goes on uncoordinated rather than waiting for a lease nobody
 *                   holds); false when another fill in the fleet holds it, or when {@code filled} is present
 * @param filled a fresh entry that another node stored between this request's lookup and its fill start
 *               (the lease it held is already released): the request answers with it instead of running
 *               the method a second time
 * @param filledSequence the fill sequence {@code filled} was stored with (0 when unknown or absent)
 */
public record FillStart(long sequence, boolean leaseTaken, Optional<CacheEntry> filled, long filledSequence) {

    /** A fill start that found a fresh entry whose fill sequence does not matter (no lazy purges). */
    public FillStart(long sequence, boolean leaseTaken, Optional<CacheEntry> filled) {
        this(sequence, leaseTaken, filled, 0L);
    }

    /** A fill start that found no fresh entry. */
    public FillStart(long sequence, boolean leaseTaken) {
        this(sequence, leaseTaken, Optional.empty());
    }
}
