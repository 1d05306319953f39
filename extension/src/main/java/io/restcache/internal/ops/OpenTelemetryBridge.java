package io.restcache.internal.ops;

import io.opentelemetry.api.OpenTelemetry;
import io.restcache.internal.runtime.RestCacheRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;

/**
 * Hands restcache's telemetry to OpenTelemetry once the application starts: outcomes on the request
 * spans ({@link OpenTelemetrySpans}) and, where MicroProfile Telemetry offers the application's
 * {@code OpenTelemetry}, the counters as metrics ({@link OpenTelemetryCounters}). Registered by
 * {@link OptionalIntegrations} only where the server offers the OpenTelemetry API (MicroProfile Telemetry
 * on Payara, WildFly's opentelemetry subsystem, Open Liberty's mpTelemetry).
 */
public class OpenTelemetryBridge {

    private OpenTelemetryCounters counters;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // looked up rather than injected, as in MicroProfileMetricsBridge
        RestCacheRuntime runtime = CDI.current().select(RestCacheRuntime.class).get();
        runtime.telemetry(new OpenTelemetrySpans());
        Instance<OpenTelemetry> telemetry = CDI.current().select(OpenTelemetry.class);
        if (telemetry.isResolvable()) {
            counters = new OpenTelemetryCounters(telemetry.get().getMeter("io.restcache"), runtime.metrics());
        }
    }

    void unregister(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        if (counters != null) {
            counters.close();
        }
    }
}
