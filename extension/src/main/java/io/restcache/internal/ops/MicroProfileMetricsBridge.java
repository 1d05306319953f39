package io.restcache.internal.ops;

import io.restcache.internal.runtime.CacheMetrics;
import io.restcache.internal.runtime.RestCacheRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Exposes restcache's counters as MicroProfile Metrics gauges in the application registry
 * ({@code restcache_hit_near}, {@code restcache_store_failure}, ...; scrape {@code /metrics} on Payara).
 * Registered by {@link OptionalIntegrations} only where MicroProfile Metrics exists.
 */
public class MicroProfileMetricsBridge {

    /** The counters exported; bypass and not-stored reasons are summed into one gauge each. */
    private static final List<String> COUNTERS = List.of("hit.near", "hit.redis", "hit.memcached", "hit.collapsed", "miss",
            "stale.stale-while-revalidate", "stale.stale-if-error", "store.ok", "store.fenced", "store.unreplicated", "store.failure",
            "invalidation.ok", "invalidation.retry", "invalidation.gave-up", "redis.calls",
            "redis.latency.mean.micros");

    /** Injected: the server's producer reads the injection point's registry scope. */
    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // looked up rather than injected: a type added by a CDI extension does not see the library's own
        // beans as injection candidates on every server
        RestCacheRuntime runtime = CDI.current().select(RestCacheRuntime.class).get();
        CacheMetrics metrics = runtime.metrics();
        for (String name : COUNTERS) {
            registry.gauge("restcache." + name, () -> metrics.snapshot().getOrDefault(name, 0L));
        }
        registry.gauge("restcache.bypass", () -> sumOf(metrics, "bypass."));
        registry.gauge("restcache.not-stored", () -> sumOf(metrics, "not-stored."));
        registry.gauge("restcache.breaker.state", () -> runtime.breaker().state().ordinal());
    }

    private static long sumOf(CacheMetrics metrics, String prefix) {
        return metrics.snapshot().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
