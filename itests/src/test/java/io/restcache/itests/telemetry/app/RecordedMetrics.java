package io.restcache.itests.telemetry.app;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory metric exporter: keeps the latest value of each restcache.events point by its attributes. */
public class RecordedMetrics implements MetricExporter {

    static final Map<String, Long> LATEST = new ConcurrentHashMap<>();
    private static final AttributeKey<String> EVENT = AttributeKey.stringKey("restcache.event");

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
        for (MetricData metric : metrics) {
            if (metric.getName().equals("restcache.events")) {
                for (LongPointData point : metric.getLongSumData().getPoints()) {
                    LATEST.put("[" + point.getAttributes().get(EVENT) + "]", point.getValue());
                }
            }
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    static Map<String, Long> latest() {
        return new TreeMap<>(LATEST);
    }
}
