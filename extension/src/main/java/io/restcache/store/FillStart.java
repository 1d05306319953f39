package io.restcache.store;

/**
 * What a fill learns from the store before its method runs, in one round trip.
 *
 * @param sequence the fleet-wide invalidation sequence at this moment: the fill's fence (a purge of one
 *                 of its tags after this point keeps the fill's result out of the store)
 * @param leaseTaken whether this fill now holds the variant's fleet lease (or Redis refused the lease,
 *                   in which case the fill goes on uncoordinated rather than waiting for a lease nobody
 *                   holds); false when another fill in the fleet holds it
 */
public record FillStart(long sequence, boolean leaseTaken) {
}
