package io.restcache.ops;

import io.restcache.runtime.RestCacheRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.CDI;

/**
 * Hands restcache's telemetry to OpenTelemetry ({@link OpenTelemetrySpans}) once the application starts.
 * Registered by {@link OptionalIntegrations} only where the server offers the OpenTelemetry API
 * (MicroProfile Telemetry on Payara, WildFly's opentelemetry subsystem, Open Liberty's mpTelemetry).
 */
public class OpenTelemetryBridge {

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // looked up rather than injected, as in MicroProfileMetricsBridge
        CDI.current().select(RestCacheRuntime.class).get().telemetry(new OpenTelemetrySpans());
    }
}
