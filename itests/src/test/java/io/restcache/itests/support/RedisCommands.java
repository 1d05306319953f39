package io.restcache.itests.support;

/**
 * Sends a test's own commands (inspection: ZCARD, HLEN, GET) to whichever Redis server holds the key: the one
 * server, a cluster's slot owner, or a sentinel setup's current primary.
 */
public interface RedisCommands {

    /** Sends one command whose key is its second word and returns the reply (arrays as lines). */
    String command(String... words);
}
