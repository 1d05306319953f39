package io.restcache.itests;

import io.restcache.itests.support.RedisCluster;
import io.restcache.itests.support.RedisCommands;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ResilienceTests} on a real Redis Cluster of three masters and three replicas: server-wide faults
 * hit every master at once; "Redis dies" is a master killed with SIGKILL, its replica promoted and the old
 * master back as a replica, all under load.
 */
@ExtendWith(ArquillianExtension.class)
class ResilienceThreeMasterClusterIT extends ResilienceTests {

    private static final String PREFIX = "res-c3:";
    private static RedisCluster cluster;

    @Deployment(testable = false)
    static WebArchive deployment() {
        cluster = RedisCluster.start();
        return war("resilience-cluster3", PREFIX, Map.of("restcache.redis.config-file", cluster.configFile().toString()));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    RedisCommands redis() {
        return cluster;
    }

    @Override
    String prefix() {
        return PREFIX;
    }

    @Override
    void killAndRecover() {
        // the master of the items' resources and of the control keys alike: the one of the first key
        int victim = cluster.masterOf(new io.restcache.itests.support.RedisNames(cluster, PREFIX).controlKey());
        cluster.kill(victim);
        cluster.awaitPromotion(victim, Duration.ofSeconds(60));
        cluster.restart(victim, Duration.ofSeconds(60));
    }
}
