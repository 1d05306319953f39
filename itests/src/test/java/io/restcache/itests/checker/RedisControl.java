package io.restcache.itests.checker;

/**
 * The fleet's Redis, as the checker sees it: how the nodes reach it and what a fault can do to it.
 * {@link SingleRedis} is the one redis-server of the default run. The hook for a master failover on a
 * multi-shard cluster: a cluster harness implements this interface (its {@link #restcacheConfig} names a
 * Redisson cluster config file), {@link CheckerFleet#start} deploys the fleet against it, and a
 * {@link Fault} that fails a master over runs as one more phase.
 */
public interface RedisControl extends AutoCloseable {

    /** The restcache settings that point a node at this Redis (an address, or a Redisson config file). */
    java.util.Map<String, String> restcacheConfig();

    /** Sends one command to the server (on a cluster: to the node that owns the fleet's control state). */
    String command(String... words);

    /** Kills the server (SIGKILL) and starts an empty one on the same port, without persistence. */
    void killAndRestartEmpty();

    /** The id of {@code node}'s pub/sub connection (its Redis client name is {@code restcache:<node>}), if any. */
    java.util.Optional<String> pubSubConnectionOf(String node);

    /** Stops every server the test started. */
    @Override
    void close();
}
