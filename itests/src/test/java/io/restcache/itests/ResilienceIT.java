package io.restcache.itests;

import io.restcache.itests.support.RedisCommands;
import io.restcache.itests.support.RedisProcess;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ResilienceTests} on one real Redis server, killed and restarted on its port. */
@ExtendWith(ArquillianExtension.class)
class ResilienceIT extends ResilienceTests {

    private static RedisProcess redis;

    @Deployment(testable = false)
    static WebArchive deployment() {
        redis = RedisProcess.start();
        return war("resilience", "res:", Map.of("restcache.redis.address", redis.address()));
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.kill();
        }
    }

    @Override
    RedisCommands redis() {
        return redis;
    }

    @Override
    String prefix() {
        return "res:";
    }

    @Override
    void killAndRecover() {
        int port = redis.port();
        redis.kill();
        sleep(2000);
        redis = RedisProcess.startOn(port);
    }
}
