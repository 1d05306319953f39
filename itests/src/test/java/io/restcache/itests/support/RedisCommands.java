package io.restcache.itests.support;

import java.util.List;

/**
 * Sends a test's own commands (inspection: ZCARD, HLEN, GET) to whichever Redis server holds the key: the one
 * server, a cluster's slot owner, or a sentinel setup's current primary.
 */
public interface RedisCommands {

    /** Sends one command whose key is its second word and returns the reply (arrays as lines). */
    String command(String... words);

    /**
     * Every running data server (a cluster's masters and replicas, a Sentinel setup's primary and
     * replicas; not the sentinels): for what is per server — CLIENT LIST, INFO commandstats.
     */
    default List<RedisProcess> servers() {
        return List.of((RedisProcess) this);
    }

    /** The running primaries (a cluster's masters): for faults that hit every server holding data. */
    default List<RedisProcess> primaries() {
        return List.of((RedisProcess) this);
    }

    /** Runs a command that has no key (CONFIG SET, FLUSHALL, CLIENT PAUSE) on every primary. */
    default void onEveryPrimary(String... words) {
        primaries().forEach(p -> p.command(words));
    }
}
