package io.restcache.itests;

import io.restcache.itests.support.PayaraNode;
import io.restcache.itests.support.RedisSentinel;
import io.restcache.itests.support.RedisCommands;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link FleetTests} on a Sentinel-managed primary with two replicas, reached through three sentinels. */
@ExtendWith(ArquillianExtension.class)
class FleetSentinelIT extends FleetTests {

    private static RedisSentinel sentinel;
    private static PayaraNode nodeB;

    @Deployment(testable = false)
    static WebArchive deployment() {
        sentinel = RedisSentinel.start();
        Fleet fleet = start("fleet-sentinel", Map.of("restcache.redis.config-file", sentinel.configFile().toString()));
        nodeB = fleet.nodeB();
        return fleet.war();
    }

    @AfterAll
    static void stop() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @Override
    RedisCommands redis() {
        return sentinel;
    }

    @Override
    PayaraNode nodeB() {
        return nodeB;
    }
}
