package io.restcache.itests;

import io.restcache.itests.support.RedisCommands;
import io.restcache.itests.support.RedisSentinel;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ResilienceTests} on a Sentinel-managed primary with two replicas and three sentinels: server-wide
 * faults hit the primary; "Redis dies" is the primary killed with SIGKILL, a replica promoted by the
 * sentinels and the old primary back as a replica, all under load.
 */
@ExtendWith(ArquillianExtension.class)
class ResilienceSentinelIT extends ResilienceTests {

    private static final String PREFIX = "res-s:";
    private static RedisSentinel sentinel;

    @Deployment(testable = false)
    static WebArchive deployment() {
        sentinel = RedisSentinel.start();
        return war("resilience-sentinel", PREFIX, Map.of("restcache.redis.config-file", sentinel.configFile().toString()));
    }

    @AfterAll
    static void stopSentinel() {
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @Override
    RedisCommands redis() {
        return sentinel;
    }

    @Override
    String prefix() {
        return PREFIX;
    }

    @Override
    void killAndRecover() {
        int dead = sentinel.killPrimary();
        sentinel.awaitNewPrimary(dead, Duration.ofSeconds(60));
        sentinel.restart(dead, Duration.ofSeconds(60));
    }
}
