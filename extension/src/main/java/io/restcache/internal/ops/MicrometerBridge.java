package io.restcache.internal.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.restcache.internal.runtime.RestCacheRuntime;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import java.util.logging.Logger;

/**
 * Exports restcache's counters to the server's Micrometer {@link MeterRegistry} (WildFly's micrometer
 * subsystem; scrape its Prometheus endpoint for {@code restcache_hit_total{source="near"}},
 * {@code restcache_miss_total}, {@code restcache_bypass_total{reason=...}}, ...; see
 * {@link MicrometerMeters}). Registered by {@link OptionalIntegrations} only where Micrometer's API can be
 * loaded; where no registry bean is resolvable (the API is there but no server integration provides a
 * registry) it logs once and does nothing.
 */
public class MicrometerBridge {

    private static final Logger LOG = Logger.getLogger(MicrometerBridge.class.getName());

    private MicrometerMeters meters;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // looked up rather than injected: a type added by a CDI extension does not see the library's own
        // beans as injection candidates on every server
        Instance<MeterRegistry> registries = CDI.current().select(MeterRegistry.class);
        MeterRegistry registry = registries.isResolvable() ? registries.get() : null;
        if (registry == null) {
            LOG.info("restcache: Micrometer is present but no MeterRegistry bean is (WildFly: the micrometer "
                    + "subsystem is off); counters are served by the admin resource");
            return;
        }
        RestCacheRuntime runtime = CDI.current().select(RestCacheRuntime.class).get();
        meters = new MicrometerMeters(registry, runtime.metrics(), () -> runtime.breaker().state().ordinal(),
                () -> runtime.near().size());
    }

    @PreDestroy
    void unregister() {
        if (meters != null) {
            meters.close();
        }
    }
}
