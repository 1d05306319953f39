package io.restcache.internal.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.Readiness;

/**
 * Adds restcache's readiness check, metrics and tracing bridges as beans only where the server offers
 * MicroProfile Health and Metrics (Payara does; WildFly's default standalone.xml does not), OpenTelemetry
 * (MicroProfile Telemetry) or Micrometer (WildFly with its micrometer subsystem): a bean whose types cannot be loaded would fail the deployment, so these
 * classes carry no bean-defining annotation and are added here, after a class-loading probe.
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
        if (present("org.eclipse.microprofile.metrics.MetricRegistry")) {
            discovery.addAnnotatedType(MicroProfileMetricsBridge.class, MicroProfileMetricsBridge.class.getName())
                    .add(ApplicationScoped.Literal.INSTANCE);
        } else {
            LOG.info("restcache: no MicroProfile Metrics on this server; counters are served by the admin resource");
        }
        if (present("io.opentelemetry.api.trace.Span")) {
            discovery.addAnnotatedType(OpenTelemetryBridge.class, OpenTelemetryBridge.class.getName())
                    .add(ApplicationScoped.Literal.INSTANCE);
        } else {
            LOG.info("restcache: no OpenTelemetry on this server; cache outcomes are not recorded on spans");
        }
        if (present("io.micrometer.core.instrument.MeterRegistry")) {
            discovery.addAnnotatedType(MicrometerBridge.class, MicrometerBridge.class.getName())
                    .add(ApplicationScoped.Literal.INSTANCE);
        } else {
            LOG.info("restcache: no Micrometer on this server; counters are not exported to it");
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
