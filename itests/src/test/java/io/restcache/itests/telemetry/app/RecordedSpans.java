package io.restcache.itests.telemetry.app;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An in-memory span exporter: the server's OpenTelemetry SDK hands it every finished span. */
public class RecordedSpans implements SpanExporter {

    static final ConcurrentLinkedQueue<SpanData> FINISHED = new ConcurrentLinkedQueue<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        FINISHED.addAll(spans);
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    static List<SpanData> all() {
        return List.copyOf(FINISHED);
    }
}
