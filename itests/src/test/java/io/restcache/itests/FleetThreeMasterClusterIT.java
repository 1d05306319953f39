package io.restcache.itests;

import io.restcache.itests.support.PayaraNode;
import io.restcache.itests.support.RedisCluster;
import io.restcache.itests.support.RedisCommands;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link FleetTests} on a real Redis Cluster of three masters and three replicas (the fleet topic, the entries and the indexes on different masters). */
@ExtendWith(ArquillianExtension.class)
class FleetThreeMasterClusterIT extends FleetTests {

    private static RedisCluster cluster;
    private static PayaraNode nodeB;

    @Deployment(testable = false)
    static WebArchive deployment() {
        cluster = RedisCluster.start();
        Fleet fleet = start("fleet-cluster", Map.of("restcache.redis.config-file", cluster.configFile().toString()));
        nodeB = fleet.nodeB();
        return fleet.war();
    }

    @AfterAll
    static void stop() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    RedisCommands redis() {
        return cluster;
    }

    @Override
    PayaraNode nodeB() {
        return nodeB;
    }
}
