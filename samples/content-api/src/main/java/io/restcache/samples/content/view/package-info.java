/**
 * What the API answers: immutable views built inside a transaction, so that no lazy entity state
 * leaks into JSON-B serialization and a cached body never depends on what the entity manager held.
 * Each lists its properties in declaration order ({@code @JsonbPropertyOrder}); JSON-B's default is
 * alphabetical.
 */
package io.restcache.samples.content.view;
