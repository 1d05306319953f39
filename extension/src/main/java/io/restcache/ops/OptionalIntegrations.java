package io.restcache.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.Readiness;

/**
 * Adds restcache's readiness check as a bean only where the server offers MicroProfile Health (Payara
 * does; WildFly's default standalone.xml does not): a bean whose interface cannot be loaded would fail
 * the deployment, so the check carries no bean-defining annotation and is added here, after a
 * class-loading probe.
 */
public class OptionalIntegrations implements Extension {

    private static final Logger LOG = Logger.getLogger(OptionalIntegrations.class.getName());

    void addWhatTheServerSupports(@Observes BeforeBeanDiscovery discovery) {
        if (present("org.eclipse.microprofile.health.HealthCheck")) {
            discovery.addAnnotatedType(RestCacheHealthCheck.class, RestCacheHealthCheck.class.getName())
                    .add(ApplicationScoped.Literal.INSTANCE)
                    .add(Readiness.Literal.INSTANCE);
        } else {
            LOG.info("restcache: no MicroProfile Health on this server; the readiness check is not registered");
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, OptionalIntegrations.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
