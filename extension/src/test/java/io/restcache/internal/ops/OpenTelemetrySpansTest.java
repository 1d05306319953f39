package io.restcache.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.restcache.internal.http.CacheOutcome;
import io.restcache.internal.runtime.CacheTelemetry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OpenTelemetrySpansTest {

    private final OpenTelemetrySpans telemetry = new OpenTelemetrySpans();

    @Test
    void aHit_recordsOutcomeSourceAndTtl() {
        // the trace is taken while the span is current; it records on that span afterwards as well
        SpanData span = recorded(t -> t.request().outcome(CacheOutcome.hit(42, "near")));
        assertEquals("hit", span.getAttributes().get(OpenTelemetrySpans.OUTCOME));
        assertEquals("near", span.getAttributes().get(OpenTelemetrySpans.SOURCE));
        assertEquals(42L, span.getAttributes().get(OpenTelemetrySpans.TTL));
        assertEquals(false, span.getAttributes().get(OpenTelemetrySpans.STORED));
        assertEquals("redis", span.getAttributes().get(OpenTelemetrySpans.STORE));
    }

    @Test
    void aLaterOutcome_replacesTheEarlierOne() {
        SpanData span = recorded(t -> {
            CacheTelemetry.RequestTrace trace = t.request();
            trace.outcome(CacheOutcome.stored("miss", 200));
            trace.outcome(CacheOutcome.notStored("miss", 200, "too-large"));
        });
        assertEquals("miss", span.getAttributes().get(OpenTelemetrySpans.OUTCOME));
        assertEquals(false, span.getAttributes().get(OpenTelemetrySpans.STORED));
        assertEquals("too-large", span.getAttributes().get(OpenTelemetrySpans.DETAIL));
        assertNull(span.getAttributes().get(OpenTelemetrySpans.SOURCE));
    }

    @Test
    void aStaleAnswer_isAHitWithItsReasonAsDetail_andABypassKeepsItsReason() {
        SpanData stale = recorded(t -> t.request().outcome(CacheOutcome.staleWhileRevalidate(-3)));
        assertEquals("hit", stale.getAttributes().get(OpenTelemetrySpans.OUTCOME));
        assertEquals("stale-while-revalidate", stale.getAttributes().get(OpenTelemetrySpans.DETAIL));
        assertEquals(-3L, stale.getAttributes().get(OpenTelemetrySpans.TTL));
        SpanData bypass = recorded(t -> t.request().outcome(CacheOutcome.bypass(200, "redis-timeout")));
        assertEquals("bypass", bypass.getAttributes().get(OpenTelemetrySpans.OUTCOME));
        assertEquals("redis-timeout", bypass.getAttributes().get(OpenTelemetrySpans.DETAIL));
    }

    @Test
    void failedRedisSteps_andInvalidations_areEvents() {
        SpanData span = recorded(t -> {
            t.redisStepFailed("lookup", 51_000_000, "redis-timeout");
            t.request().invalidation(3, true);
        });
        assertEquals(2, span.getEvents().size());
        assertEquals("restcache.redis.failed", span.getEvents().get(0).getName());
        assertEquals("lookup", span.getEvents().get(0).getAttributes().get(OpenTelemetrySpans.STEP));
        assertEquals(51L, span.getEvents().get(0).getAttributes().get(OpenTelemetrySpans.WAITED_MS));
        assertEquals("restcache.invalidate", span.getEvents().get(1).getName());
        assertEquals(3L, span.getEvents().get(1).getAttributes().get(OpenTelemetrySpans.TARGETS));
    }

    /** Payara keeps the server span current in request filters only: the trace taken there records later. */
    @Test
    void aTraceTakenInTheRequestFilter_recordsAfterTheSpanStoppedBeingCurrent() {
        List<SpanData> finished = new ArrayList<>();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(collecting(finished))).build()) {
            Span span = provider.get("test").spanBuilder("GET /items/{id}").startSpan();
            CacheTelemetry.RequestTrace trace;
            try (Scope ignored = span.makeCurrent()) {
                trace = telemetry.request();
            }
            trace.outcome(CacheOutcome.stored("miss", 200));      // a response filter, span no longer current
            span.end();
        }
        assertEquals("miss", finished.get(0).getAttributes().get(OpenTelemetrySpans.OUTCOME));
        assertEquals(true, finished.get(0).getAttributes().get(OpenTelemetrySpans.STORED));
    }

    @Test
    void withoutARecordingSpan_nothingHappens() {
        // Span.current() outside any scope is the invalid span: nothing to record, nothing thrown
        assertTrue(!Span.current().isRecording());
        assertSame(CacheTelemetry.RequestTrace.NONE, telemetry.request());
        telemetry.redisStepFailed("store", 1, "redis-error");
    }

    private SpanData recorded(Consumer<OpenTelemetrySpans> work) {
        List<SpanData> finished = new ArrayList<>();
        SpanExporter exporter = collecting(finished);
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            Span span = provider.get("test").spanBuilder("GET /items/{id}").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                work.accept(telemetry);
            } finally {
                span.end();
            }
        }
        assertEquals(1, finished.size());
        return finished.get(0);
    }

    private static SpanExporter collecting(List<SpanData> finished) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                finished.addAll(spans);
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
        };
    }
}
