package io.restcache.itests;

import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.RedisCluster;
import io.restcache.itests.support.RedisCommands;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link InvalidationTests} against a real Redis Cluster of three masters and three replicas: a resource, its
 * tag and path indexes and the invalidation sequence hash to different slots, mostly on different masters, so
 * every step that spans them crosses nodes (and any script spanning two slots fails with CROSSSLOT).
 */
@ExtendWith(ArquillianExtension.class)
class InvalidationThreeMasterClusterIT extends InvalidationTests {

    private static final String PREFIX = "c3:";
    private static RedisCluster cluster;

    @Deployment(testable = false)
    static WebArchive deployment() {
        cluster = RedisCluster.start();
        return Deployments.war("invalidation-cluster3", Map.of(
                "restcache.redis.config-file", cluster.configFile().toString(),
                "restcache.key-prefix", PREFIX), TestApplication.class.getPackage());
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
}
