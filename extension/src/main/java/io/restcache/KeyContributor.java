package io.restcache;

/**
 * The key contributor SPI under its earlier name.
 *
 * @deprecated implement {@link io.restcache.spi.KeyContributor}: what applications implement lives in
 *             {@code io.restcache.spi}. Beans implementing this interface keep working unchanged.
 */
@Deprecated(since = "0.1.0")
public interface KeyContributor extends io.restcache.spi.KeyContributor {
}
