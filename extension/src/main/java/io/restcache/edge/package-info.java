/**
 * restcache's edge SPI: {@link io.restcache.edge.EdgePurger}, through which invalidations reach a CDN or
 * a Varnish in front of the application.
 */
package io.restcache.edge;
