/**
 * restcache's public API: the annotations that opt resource methods in ({@link io.restcache.Cached},
 * {@link io.restcache.CacheTags}, {@link io.restcache.VaryBy}, {@link io.restcache.InvalidateTags}),
 * the request-scoped {@link io.restcache.CacheContext}, the programmatic {@link io.restcache.ResponseCache}
 * and the {@link io.restcache.CacheInvalidation} event; what applications implement is in
 * {@code io.restcache.spi}. Everything else is implementation:
 * public only so that restcache's own packages reach each other, left out of the javadoc, and free to change.
 */
package io.restcache;
