/**
 * Earlier home of the edge SPI: {@link io.restcache.edge.EdgePurger} is a deprecated alias of
 * {@link io.restcache.spi.EdgePurger}.
 */
package io.restcache.edge;
