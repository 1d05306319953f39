package io.restcache.itests;

import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.RedisProcess;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link InvalidationTests} against a one-node Redis Cluster (cluster mode, all slots on one node):
 * any multi-key command or script that spans two hash slots fails there with CROSSSLOT.
 */
@ExtendWith(ArquillianExtension.class)
class InvalidationClusterIT extends InvalidationTests {

    private static final String PREFIX = "cluster:";
    private static RedisProcess cluster;

    @Deployment(testable = false)
    static WebArchive deployment() {
        cluster = RedisProcess.startCluster();
        return Deployments.war("invalidation-cluster", Map.of(
                "restcache.redis.config-file", cluster.clusterConfigFile().toString(),
                "restcache.key-prefix", PREFIX), TestApplication.class.getPackage());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.kill();
        }
    }

    @Override
    RedisProcess redis() {
        return cluster;
    }

    @Override
    String prefix() {
        return PREFIX;
    }
}
