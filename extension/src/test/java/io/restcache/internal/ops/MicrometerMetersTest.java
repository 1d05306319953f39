package io.restcache.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.restcache.internal.runtime.CacheMetrics;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Against Micrometer's own in-memory registry. */
class MicrometerMetersTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final CacheMetrics metrics = new CacheMetrics();
    private final AtomicLong breaker = new AtomicLong();
    private final AtomicLong nearEntries = new AtomicLong();

    private MicrometerMeters meters() {
        return new MicrometerMeters(registry, metrics, breaker::get, nearEntries::get);
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    @Test
    void knownCounters_readZeroFromTheStart_andFollowTheCounts() {
        meters();
        assertEquals(0, count("restcache.hit", "source", "redis"));
        assertEquals(0, count("restcache.store", "outcome", "failure"));
        metrics.count("hit.redis");
        metrics.count("hit.redis");
        metrics.count("miss");
        assertEquals(2, count("restcache.hit", "source", "redis"));
        assertEquals(0, count("restcache.hit", "source", "near"));
        assertEquals(1, count("restcache.miss"));
    }

    @Test
    void reasonsKnownOnlyAtRunTime_areRegisteredWhenFirstCounted_includingThoseCountedBefore() {
        metrics.count("bypass.authenticated");
        meters();
        metrics.count("not-stored.set-cookie");
        metrics.count("bypass.authenticated");
        assertEquals(2, count("restcache.bypass", "reason", "authenticated"));
        assertEquals(1, count("restcache.not.stored", "reason", "set-cookie"));
    }

    @Test
    void redisCalls_areATimer_andTheBreakerAndNearCacheGauges() {
        meters();
        metrics.redisLatency(TimeUnit.MILLISECONDS.toNanos(3));
        metrics.redisLatency(TimeUnit.MILLISECONDS.toNanos(5));
        FunctionTimer redis = registry.get("restcache.redis.calls").functionTimer();
        assertEquals(2, redis.count());
        assertEquals(8, redis.totalTime(TimeUnit.MILLISECONDS), 0.001);
        breaker.set(1);
        nearEntries.set(7);
        assertEquals(1, registry.get("restcache.breaker.state").gauge().value());
        assertEquals(7, registry.get("restcache.near.entries").gauge().value());
    }

    @Test
    void close_removesEveryMeter_andLaterCountersAreNotRegistered() {
        MicrometerMeters meters = meters();
        metrics.count("bypass.method");
        assertTrue(registry.getMeters().size() > 10);
        meters.close();
        metrics.count("bypass.conditional");
        assertTrue(registry.getMeters().isEmpty(), registry.getMeters().toString());
        assertNull(registry.find("restcache.bypass").functionCounter());
    }
}
