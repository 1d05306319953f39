/**
 * The JPA entities, stored in the data source {@code java:app/jdbc/content} (see persistence.xml).
 *
 * <p>Ids come from a generator table, one row per entity, rather than from IDENTITY columns or
 * sequences: EclipseLink writes IDENTITY DDL in a syntax that H2 2.x (Payara Micro's default
 * database) rejects, and probes sequences in a way that fills a fresh database's boot log with
 * stack traces. An allocation size of 1 keeps the demo's ids dense and predictable: alice is user 1.
 */
package io.restcache.samples.content.domain;
