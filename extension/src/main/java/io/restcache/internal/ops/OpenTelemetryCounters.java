package io.restcache.internal.ops;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.restcache.internal.runtime.CacheMetrics;

/**
 * restcache's counters as one OpenTelemetry asynchronous counter, {@code restcache.events}, with the
 * counter's name as the {@code restcache.event} attribute ({@code hit.near}, {@code miss},
 * {@code bypass.redis-timeout}, ...), read from {@link CacheMetrics} when the SDK collects. Where the
 * server's OpenTelemetry exports metrics (MicroProfile Telemetry 2.0, or an SDK configured with
 * {@code otel.metrics.exporter}); elsewhere the meter is a no-op.
 */
final class OpenTelemetryCounters implements AutoCloseable {

    static final AttributeKey<String> EVENT = AttributeKey.stringKey("restcache.event");

    private final ObservableLongCounter counter;

    OpenTelemetryCounters(Meter meter, CacheMetrics metrics) {
        counter = meter.counterBuilder("restcache.events")
                .setDescription("restcache's outcomes and operations by kind (restcache.event), since the application started")
                .buildWithCallback(measurement -> metrics.snapshot().forEach((event, count) -> {
                    if (!event.equals("redis.latency.mean.micros")) {      // a gauge, not a count
                        measurement.record(count, Attributes.of(EVENT, event));
                    }
                }));
    }

    @Override
    public void close() {
        counter.close();
    }
}
