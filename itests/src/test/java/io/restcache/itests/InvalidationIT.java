package io.restcache.itests;

import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.RedisProcess;
import io.restcache.itests.support.SharedRedis;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link InvalidationTests} against a standalone redis-server. */
@ExtendWith(ArquillianExtension.class)
class InvalidationIT extends InvalidationTests {

    private static final String PREFIX = "inv:";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("invalidation", Map.of(
                "restcache.redis.address", SharedRedis.get().address(),
                "restcache.key-prefix", PREFIX), TestApplication.class.getPackage());
    }

    @Override
    RedisProcess redis() {
        return SharedRedis.get();
    }

    @Override
    String prefix() {
        return PREFIX;
    }
}
