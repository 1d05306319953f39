package io.restcache.internal.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.restcache.internal.runtime.CacheMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * restcache's counters as meters of one Micrometer registry, read when the registry is scraped or
 * published (nothing is added to the request path but one call per new counter name). Each counter is
 * a {@link FunctionCounter} named by {@link MeterName}; counters whose names appear only at run time
 * (a bypass or not-stored reason) are registered the first time they are counted. Redis calls are a
 * {@link FunctionTimer} (count and total time: any window's mean latency is their rates' ratio), the
 * breaker's state and the near cache's size are gauges. {@link #close()} removes them all, so that a
 * redeployed application does not find meters still bound to its previous instance.
 */
final class MicrometerMeters implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MicrometerMeters.class.getName());

    /** Registered up front, so that they read 0 (rather than being absent) until they first happen. */
    static final List<String> KNOWN_COUNTERS = List.of("hit.near", "hit.redis", "hit.memcached", "hit.collapsed", "miss",
            "stale.stale-while-revalidate", "stale.stale-if-error", "store.ok", "store.fenced", "store.unreplicated", "store.failure",
            "invalidation.ok", "invalidation.retry", "invalidation.gave-up");

    private final MeterRegistry registry;
    private final CacheMetrics metrics;
    private final Map<String, Meter> counters = new ConcurrentHashMap<>();
    private final List<Meter> others = new CopyOnWriteArrayList<>();
    /** Held here: a registry holds a gauge's state object only weakly. */
    private final LongSupplier breakerState;
    private final LongSupplier nearEntries;
    private volatile boolean closed;

    /*
     * Registered through the registry's own methods, never through the meter builders: WildFly's
     * per-deployment registry passes only these on to the server's registries (Prometheus, OTLP); a meter
     * registered by a builder stays in a private registry that nothing publishes.
     */

    /**
     * Registers every meter.
     *
     * @param breakerState the breaker's state as a number: 0 closed, 1 open, 2 half-open
     * @param nearEntries the number of entries in this node's near cache
     */
    MicrometerMeters(MeterRegistry registry, CacheMetrics metrics, LongSupplier breakerState, LongSupplier nearEntries) {
        this.registry = registry;
        this.metrics = metrics;
        this.breakerState = breakerState;
        this.nearEntries = nearEntries;
        KNOWN_COUNTERS.forEach(this::counter);
        metrics.onEachCounter(this::counter);
        // Redis steps on the request path and the time they took
        others.add(registry.more().timer("restcache.redis.calls", Tags.empty(), metrics, CacheMetrics::redisCalls,
                CacheMetrics::redisNanos, TimeUnit.NANOSECONDS));
        others.add(gauge("restcache.breaker.state", this.breakerState));
        others.add(gauge("restcache.near.entries", this.nearEntries));
    }

    private Meter gauge(String name, LongSupplier value) {
        registry.gauge(name, Tags.empty(), value, LongSupplier::getAsLong);
        return registry.get(name).gauge();
    }

    private void counter(String counter) {
        if (closed || counters.containsKey(counter)) {
            return;
        }
        try {
            MeterName name = MeterName.of(counter);
            counters.computeIfAbsent(counter,
                    c -> registry.more().counter(name.name(), tags(name.tags()), metrics, m -> m.get(c)));
        } catch (RuntimeException e) {
            // runs on the request path the first time a counter is counted: never fail the request for it
            LOG.log(Level.WARNING, "restcache: counter " + counter + " could not be registered with Micrometer", e);
        }
    }

    private static Tags tags(Map<String, String> tags) {
        Tags all = Tags.empty();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            all = all.and(tag.getKey(), tag.getValue());
        }
        return all;
    }

    /** Removes every meter this registered from the registry. */
    @Override
    public void close() {
        closed = true;
        counters.values().forEach(registry::remove);
        others.forEach(registry::remove);
        counters.clear();
        others.clear();
    }
}
