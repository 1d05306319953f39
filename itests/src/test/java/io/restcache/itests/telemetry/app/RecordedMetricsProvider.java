package io.restcache.itests.telemetry.app;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;

/** Makes {@link RecordedMetrics} selectable as {@code otel.metrics.exporter=restcache-recorded}. */
public class RecordedMetricsProvider implements ConfigurableMetricExporterProvider {

    @Override
    public MetricExporter createExporter(ConfigProperties config) {
        return new RecordedMetrics();
    }

    @Override
    public String getName() {
        return "restcache-recorded";
    }
}
