package io.restcache.internal.ops;

import io.restcache.internal.runtime.CircuitBreaker;
import io.restcache.internal.runtime.RestCacheRuntime;
import jakarta.enterprise.inject.spi.CDI;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * MicroProfile Health readiness check {@code restcache}: Redis connectivity and the circuit breaker's
 * state. A degraded cache does not make the application unready (requests are served uncached) unless
 * {@code restcache.health.readiness-requires-redis=true}. Registered by {@link OptionalIntegrations}.
 */
public class RestCacheHealthCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        // looked up rather than injected: a type added by a CDI extension does not see the library's beans
        // as injection candidates on every server (Weld treats it as a synthetic archive)
        RestCacheRuntime runtime = CDI.current().select(RestCacheRuntime.class).get();
        boolean connected = runtime.store().available();
        CircuitBreaker.State breaker = runtime.breaker().state();
        boolean healthy = connected && breaker == CircuitBreaker.State.CLOSED;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("restcache")
                .withData("redis", connected ? "connected" : "disconnected")
                .withData("breaker", breaker.name())
                .withData("memcached", runtime.memcachedState())
                .withData("node", runtime.settings().nodeName())
                .withData("near-cache-entries", runtime.near().size())
                .withData("degraded", !healthy);
        return (healthy || !runtime.settings().readinessRequiresRedis() ? response.up() : response.down()).build();
    }
}
