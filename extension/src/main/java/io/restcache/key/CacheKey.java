package io.restcache.key;

/**
 * Where one response lives in Redis: the hash of its resource and the field of its variant.
 *
 * @param resourceKey the Redis key of the resource's hash, e.g. {@code restcache:v1:r:{Qm9...}}
 * @param variantField the hash field of the representation within it
 */
public record CacheKey(String resourceKey, String variantField) {
}
