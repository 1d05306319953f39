package io.restcache.edge;

/**
 * The edge purger SPI under its earlier name.
 *
 * @deprecated implement {@link io.restcache.spi.EdgePurger}: what applications implement lives in
 *             {@code io.restcache.spi}. Beans implementing this interface keep working unchanged.
 */
@Deprecated(since = "0.1.0")
public interface EdgePurger extends io.restcache.spi.EdgePurger {
}
