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

    /**
     * What every request to a refused application answers where the adapter does not throw: 404 on Payara
     * Micro (the application is not deployed); 500 on Open Liberty, which starts a web application even
     * when its JAX-RS servlet's initialisation throws, and initialises it again, failing, on every request
     * (set by the liberty profile).
     */
    static int refusedStatus() {
        return Integer.getInteger("restcache.itest.refused-status", 404);
    }
}
