package io.restcache.itests;

import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.RedisCommands;
import io.restcache.itests.support.RedisSentinel;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link InvalidationTests} against a Sentinel-managed primary with two replicas, reached through three
 * sentinels as production does (Redisson's sentinel mode, reads from the primary only).
 */
@ExtendWith(ArquillianExtension.class)
class InvalidationSentinelIT extends InvalidationTests {

    private static final String PREFIX = "sen:";
    private static RedisSentinel sentinel;

    @Deployment(testable = false)
    static WebArchive deployment() {
        sentinel = RedisSentinel.start();
        return Deployments.war("invalidation-sentinel", Map.of(
                "restcache.redis.config-file", sentinel.configFile().toString(),
                "restcache.key-prefix", PREFIX), TestApplication.class.getPackage());
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
}
