package io.restcache.itests.telemetry.app;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Makes {@link RecordedSpans} selectable as {@code otel.traces.exporter=restcache-recorded} (found by the
 * SDK's autoconfiguration through {@code META-INF/services}), as the MicroProfile Telemetry TCK does.
 */
public class RecordedSpansProvider implements ConfigurableSpanExporterProvider {

    @Override
    public SpanExporter createExporter(ConfigProperties config) {
        return new RecordedSpans();
    }

    @Override
    public String getName() {
        return "restcache-recorded";
    }
}
