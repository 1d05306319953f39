package io.restcache.itests;

import io.restcache.itests.support.PayaraNode;
import io.restcache.itests.support.RedisCommands;
import io.restcache.itests.support.RedisProcess;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link FleetTests} on one real Redis server. */
@ExtendWith(ArquillianExtension.class)
class FleetIT extends FleetTests {

    private static RedisProcess redis;
    private static PayaraNode nodeB;

    @Deployment(testable = false)
    static WebArchive deployment() {
        redis = RedisProcess.start();
        Fleet fleet = start("fleet", Map.of("restcache.redis.address", redis.address()));
        nodeB = fleet.nodeB();
        return fleet.war();
    }

    @AfterAll
    static void stop() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (redis != null) {
            redis.kill();
        }
    }

    @Override
    RedisCommands redis() {
        return redis;
    }

    @Override
    PayaraNode nodeB() {
        return nodeB;
    }
}
