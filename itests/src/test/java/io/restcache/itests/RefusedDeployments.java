package io.restcache.itests;

import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.SharedRedis;
import java.util.Map;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WARs of applications restcache must refuse to deploy. */
final class RefusedDeployments {

    private RefusedDeployments() {
    }

    static WebArchive war(String name, Package app) {
        return Deployments.war(name, Map.of("restcache.redis.address", SharedRedis.get().address(),
                "restcache.key-prefix", name + ":"), app);
    }
}
