package io.restcache.itests.checker;

/**
 * What a fault can do to the fleet's Redis. {@link SingleRedis} is the one redis-server of the default run;
 * a multi-shard cluster harness implements the same interface (its failover fault adds what it needs).
 */
public interface RedisControl {

    /** Sends one command to the server (on a cluster: to the node that owns the fleet's control state). */
    String command(String... words);

    /** Kills the server (SIGKILL) and starts an empty one on the same port, without persistence. */
    void killAndRestartEmpty();

    /** The id of {@code node}'s pub/sub connection (its Redis client name is {@code restcache:<node>}), if any. */
    java.util.Optional<String> pubSubConnectionOf(String node);
}
