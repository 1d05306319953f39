package io.restcache.internal.key;

/**
 * Where one response lives in Redis: the hash of its resource and the field of its variant.
 *
 * @param generation the namespace generation the key belongs to
 * @param resourceId the resource's id (the hash tag of its key)
 * @param variantField the hash field of the representation within it
 * @param resourceKey the Redis key of the resource's hash, e.g. {@code restcache:v1:g0:r:{Qm9...}}
 */
public record CacheKey(long generation, String resourceId, String variantField, String resourceKey) {
}
