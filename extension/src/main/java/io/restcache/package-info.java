/**
 * restcache's public API: the annotations that opt resource methods in ({@link io.restcache.Cached},
 * {@link io.restcache.CacheTags}, {@link io.restcache.VaryBy}, {@link io.restcache.InvalidateTags}),
 * the request-scoped {@link io.restcache.CacheContext}, the programmatic {@link io.restcache.ResponseCache}
 * and the {@link io.restcache.KeyContributor} SPI. Everything else is implementation.
 */
package io.restcache;
