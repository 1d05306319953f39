package io.restcache.internal.ops;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.restcache.internal.http.CacheOutcome;
import io.restcache.internal.runtime.CacheTelemetry;
import java.util.concurrent.TimeUnit;

/**
 * Records restcache's work on the request's server span, the one MicroProfile Telemetry opens for each
 * Jakarta REST request: attributes for the outcome ({@code restcache.outcome}: {@code hit}, {@code miss},
 * {@code stale}, {@code bypass}; {@code restcache.source}, {@code restcache.stored}, {@code restcache.detail},
 * {@code restcache.ttl}, {@code restcache.store}), events for failed or slow Redis steps
 * ({@code restcache.redis.failed}) and invalidations ({@code restcache.invalidate}). Never a key, a tag or a
 * header value: attributes leave the server. The span is taken in the request filter, where the runtime
 * keeps it current (Payara does not while response filters run). A span that is not recording (telemetry
 * off) costs one check per request.
 */
final class OpenTelemetrySpans implements CacheTelemetry {

    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("restcache.outcome");
    static final AttributeKey<String> SOURCE = AttributeKey.stringKey("restcache.source");
    static final AttributeKey<Boolean> STORED = AttributeKey.booleanKey("restcache.stored");
    static final AttributeKey<Boolean> COLLAPSED = AttributeKey.booleanKey("restcache.collapsed");
    static final AttributeKey<String> DETAIL = AttributeKey.stringKey("restcache.detail");
    static final AttributeKey<Long> TTL = AttributeKey.longKey("restcache.ttl");
    static final AttributeKey<String> STORE = AttributeKey.stringKey("restcache.store");
    static final AttributeKey<String> STEP = AttributeKey.stringKey("restcache.redis.step");
    static final AttributeKey<Long> WAITED_MS = AttributeKey.longKey("restcache.redis.waited_ms");
    static final AttributeKey<Long> TARGETS = AttributeKey.longKey("restcache.invalidate.targets");
    static final AttributeKey<Boolean> AFTER_COMMIT = AttributeKey.booleanKey("restcache.invalidate.after_commit");

    @Override
    public RequestTrace request() {
        Span span = Span.current();
        return span.isRecording() ? new SpanTrace(span) : RequestTrace.NONE;
    }

    @Override
    public void redisStepFailed(String step, long nanos, String reason) {
        Span span = Span.current();
        if (span.isRecording()) {
            span.addEvent("restcache.redis.failed", Attributes.of(STEP, step, DETAIL, reason, WAITED_MS,
                    TimeUnit.NANOSECONDS.toMillis(nanos)));
        }
    }

    /** One request's server span, held from the request filter on. */
    private record SpanTrace(Span span) implements RequestTrace {

        @Override
        public void outcome(CacheOutcome outcome) {
            span.setAttribute(OUTCOME, outcome.hit() ? "hit" : outcome.fwd());
            span.setAttribute(STORE, "redis");
            span.setAttribute(STORED, outcome.stored());
            if (outcome.collapsed()) {
                span.setAttribute(COLLAPSED, true);
            }
            if (outcome.detail() != null) {
                // a hit's detail is where it came from; otherwise why the response was not stored or looked up
                span.setAttribute(outcome.hit() && !outcome.detail().startsWith("stale") ? SOURCE : DETAIL,
                        outcome.detail());
            }
            outcome.ttl().ifPresent(ttl -> span.setAttribute(TTL, ttl));
        }

        @Override
        public void invalidation(int targets, boolean afterCommit) {
            span.addEvent("restcache.invalidate", Attributes.of(TARGETS, (long) targets, AFTER_COMMIT, afterCommit));
        }
    }
}
