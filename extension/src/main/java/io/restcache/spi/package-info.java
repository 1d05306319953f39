/**
 * What applications implement for restcache, as CDI beans: {@link io.restcache.spi.KeyContributor}
 * (values that join the cache key: tenant, feature flags, API version) and
 * {@link io.restcache.spi.EdgePurger} (how invalidations reach a CDN or a Varnish in front).
 */
package io.restcache.spi;
