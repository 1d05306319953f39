package io.restcache.itests.checker;

import io.restcache.itests.support.RedisCluster;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The checker's Redis as a real 3-master + 3-replica cluster. Commands without a key (INFO, CLIENT, FLUSHALL)
 * go to the master that owns restcache's control keys ({@code <prefix>v3:{c}:ctl} and {@code {c}:seq} share
 * the slot of {@code {c}}); a fleet message subscription is looked for on every master, since Redisson
 * subscribes on the master of the channel's slot.
 */
final class ClusterControl implements RedisControl {

    /** The hash tag of restcache's control keys: its slot's master is the one the control phase kills. */
    static final String CONTROL_TAG = "{c}";
    /** A failover with cluster-node-timeout 1 s takes seconds; the bound leaves room for a loaded machine. */
    static final Duration FAILOVER = Duration.ofSeconds(30);

    private final RedisCluster cluster;

    ClusterControl(RedisCluster cluster) {
        this.cluster = cluster;
    }

    RedisCluster cluster() {
        return cluster;
    }

    /** The port of the master that owns the control keys' slot now. */
    int controlMaster() {
        return cluster.masterOf(CONTROL_TAG);
    }

    @Override
    public Map<String, String> restcacheConfig() {
        return Map.of("restcache.redis.config-file", cluster.configFile().toString());
    }

    @Override
    public String command(String... words) {
        return cluster.node(controlMaster()).command(words);
    }

    /** On a cluster, the control keys' master fails over (its replica is promoted) and comes back empty. */
    @Override
    public void killAndRestartEmpty() {
        int master = controlMaster();
        cluster.kill(master);
        cluster.awaitPromotion(master, FAILOVER);
        cluster.restart(master, FAILOVER);
    }

    @Override
    public Optional<String> pubSubConnectionOf(String node) {
        for (int master : cluster.masters()) {
            Optional<String> id = SingleRedis.subscribedClient(cluster.node(master).command("CLIENT", "LIST"), node);
            if (id.isPresent()) {
                return id;
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
