package io.restcache.itests.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.SharedRedis;
import io.restcache.itests.telemetry.app.TelemetryApplication;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OpenTelemetry (MicroProfile Telemetry, here Payara Micro's): restcache records each request's cache
 * outcome on the server span the runtime opens for it, and an invalidation as an event, read back from an
 * in-memory exporter the test application installs through the SDK's autoconfiguration.
 */
@ExtendWith(ArquillianExtension.class)
class TelemetryIT {

    private static final String KEY_PREFIX = "otel-it:";

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("telemetry", Map.of(
                "restcache.redis.address", SharedRedis.get().address(),
                "restcache.key-prefix", KEY_PREFIX,
                "otel.sdk.disabled", "false",
                "otel.service.name", "restcache-telemetry-it",
                "otel.traces.exporter", "restcache-recorded",
                "otel.metrics.exporter", "restcache-recorded",
                "otel.metric.export.interval", "200",
                "otel.logs.exporter", "none",
                "otel.bsp.schedule.delay", "50"), TelemetryApplication.class.getPackage())
                .addAsResource(new StringAsset("io.restcache.itests.telemetry.app.RecordedSpansProvider"),
                        "META-INF/services/io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider")
                .addAsResource(new StringAsset("io.restcache.itests.telemetry.app.RecordedMetricsProvider"),
                        "META-INF/services/io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider");
    }

    @Test
    void theServerSpan_carriesTheOutcome_aMissThenAHit_andAnInvalidationEvent() {
        Http http = ready();
        HttpResponse<String> miss = http.get("traced/a");
        HttpResponse<String> hit = http.get("traced/a");
        assertEquals("restcache; fwd=miss; fwd-status=200; stored", miss.headers().firstValue("Cache-Status").orElseThrow());
        assertTrue(hit.headers().firstValue("Cache-Status").orElseThrow().startsWith("restcache; hit"));
        assertEquals(200, http.send("PUT", "traced/a").statusCode());

        // the SDK exports finished spans in batches every 50 ms
        List<String> spans = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> forItemA(http), s -> s.size() >= 3);
        assertEquals(3, spans.size(), String.join("\n", spans));
        String missSpan = spans.get(0);
        String hitSpan = spans.get(1);
        String putSpan = spans.get(2);
        assertTrue(missSpan.contains("restcache.outcome=miss"), missSpan);
        assertTrue(missSpan.contains("restcache.stored=true"), missSpan);
        assertTrue(missSpan.contains("restcache.store=redis"), missSpan);
        assertTrue(hitSpan.contains("restcache.outcome=hit"), hitSpan);
        assertTrue(hitSpan.contains("restcache.source=near"), hitSpan);
        assertTrue(hitSpan.contains("restcache.stored=false"), hitSpan);
        assertTrue(hitSpan.contains("restcache.ttl="), hitSpan);
        assertTrue(putSpan.contains("restcache.invalidate{"), putSpan);
        assertTrue(putSpan.contains("restcache.invalidate.after_commit=false"), putSpan);
        assertTrue(putSpan.matches(".*restcache\\.invalidate\\.targets=[1-9].*"), putSpan);
        for (String span : spans) {
            assertFalse(span.contains(KEY_PREFIX), "never a key: " + span);
        }
    }

    /** The counters reach OpenTelemetry metrics as restcache.events{restcache.event=...}, as the admin stats count them. */
    @Test
    void theCounters_areExportedAsOpenTelemetryMetrics() {
        Http http = ready();
        http.get("counted");
        http.get("counted");
        // exported every 200 ms: wait until the exporter saw a near hit and the misses so far
        String metrics = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.get("recorded/metrics").body(), m -> m.contains("[hit.near]=") && m.contains("[miss]="));
        assertTrue(metrics.matches("(?s).*\\[hit\\.near\\]=[1-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*\\[miss\\]=[1-9].*"), metrics);
        assertFalse(metrics.contains("redis.latency.mean.micros"), "a gauge is not a count: " + metrics);
    }

    private Http ready() {
        Http http = new Http(base);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String status = http.get("probe").headers().firstValue("Cache-Status").orElse("");
            return !status.contains("redis-unavailable") && !status.contains("initializing");
        });
        return http;
    }

    /** The recorded spans of the traced/{id} route (the probe has a route, and so a span name, of its own). */
    private static List<String> forItemA(Http http) {
        return Arrays.stream(http.get("recorded/spans").body().split("\n")).filter(l -> l.contains("traced")).toList();
    }
}
