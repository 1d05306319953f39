package io.restcache.runtime;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * restcache's own counters: cheap (LongAdder) on the request path, read by the admin resource, the
 * health check and, where the server offers MicroProfile Metrics, exported there.
 */
public final class CacheMetrics {

    private final ConcurrentMap<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final LongAdder redisCalls = new LongAdder();
    private final LongAdder redisNanos = new LongAdder();

    /** Counts one event, e.g. {@code hit.near}, {@code bypass.authenticated}, {@code store.failure}. */
    public void count(String event) {
        counters.computeIfAbsent(event, e -> new LongAdder()).increment();
    }

    /** Records how long one Redis step on the request path took. */
    public void redisLatency(long nanos) {
        redisCalls.increment();
        redisNanos.add(nanos);
    }

    public long get(String event) {
        LongAdder a = counters.get(event);
        return a == null ? 0 : a.sum();
    }

    /** Every counter, sorted by name, plus {@code redis.calls} and {@code redis.latency.mean.micros}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> all = new TreeMap<>();
        counters.forEach((k, v) -> all.put(k, v.sum()));
        long calls = redisCalls.sum();
        all.put("redis.calls", calls);
        all.put("redis.latency.mean.micros", calls == 0 ? 0 : redisNanos.sum() / calls / 1000);
        return all;
    }
}
