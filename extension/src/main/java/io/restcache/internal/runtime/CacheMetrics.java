package io.restcache.internal.runtime;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * restcache's own counters: cheap (LongAdder) on the request path, read by the admin resource, the
 * health check and, where the server offers MicroProfile Metrics or Micrometer, exported there.
 */
public final class CacheMetrics {

    private final ConcurrentMap<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final List<Consumer<String>> newCounterListeners = new CopyOnWriteArrayList<>();
    private final LongAdder redisCalls = new LongAdder();
    private final LongAdder redisNanos = new LongAdder();
    /** Per cached route: [answered by the cache, forwarded to the method]. */
    private final ConcurrentMap<String, LongAdder[]> routes = new ConcurrentHashMap<>();

    /** Counts one event, e.g. {@code hit.near}, {@code bypass.authenticated}, {@code store.failure}. */
    public void count(String event) {
        LongAdder adder = counters.get(event);
        if (adder == null) {
            adder = create(event);
        }
        adder.increment();
    }

    private LongAdder create(String event) {
        LongAdder fresh = new LongAdder();
        LongAdder existing = counters.putIfAbsent(event, fresh);
        if (existing != null) {
            return existing;
        }
        // once per counter name, outside the map's lock
        newCounterListeners.forEach(listener -> listener.accept(event));
        return fresh;
    }

    /**
     * Tells {@code listener} the name of every counter that exists now and, from then on, of each new
     * one when it is first counted (before that first count is added). A name created while the listener
     * is being added may be told twice. The listener runs on the request path: it must be quick and must
     * not throw.
     */
    public void onEachCounter(Consumer<String> listener) {
        newCounterListeners.add(listener);
        counters.keySet().forEach(listener);
    }

    /**
     * Counts one request of a cached route: answered by the cache (a hit, a stale or collapsed answer) or
     * forwarded to the method.
     *
     * @param route the method and its route template, e.g. {@code com.x.UserResource#get /users/{id}}
     */
    public void route(String route, boolean answeredByTheCache) {
        routes.computeIfAbsent(route, r -> new LongAdder[] {new LongAdder(), new LongAdder()})
                [answeredByTheCache ? 0 : 1].increment();
    }

    /** Per cached route that has had requests: {@code [answered by the cache, forwarded]}, sorted by route. */
    public Map<String, long[]> routes() {
        Map<String, long[]> all = new TreeMap<>();
        routes.forEach((route, counts) -> all.put(route, new long[] {counts[0].sum(), counts[1].sum()}));
        return all;
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

    /** How many Redis steps on the request path were timed. */
    public long redisCalls() {
        return redisCalls.sum();
    }

    /** The total time those Redis steps took, in nanoseconds. */
    public long redisNanos() {
        return redisNanos.sum();
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
