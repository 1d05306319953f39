package io.restcache.bench.app;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many times each endpoint's method body ran. The runner reads it before and after a measurement,
 * which proves that a hit scenario really served from the cache (0 runs per request) and a miss
 * scenario really ran the method (1 run per request).
 */
public final class Calls {

    private static final ConcurrentHashMap<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    private Calls() {
    }

    public static void ran(String endpoint, String size) {
        COUNTS.computeIfAbsent(endpoint + "/" + size, k -> new LongAdder()).increment();
    }

    /** {@code endpoint/size count} lines, sorted. */
    public static String snapshot() {
        Map<String, Long> sorted = new TreeMap<>();
        COUNTS.forEach((k, v) -> sorted.put(k, v.sum()));
        StringBuilder s = new StringBuilder();
        sorted.forEach((k, v) -> s.append(k).append(' ').append(v).append('\n'));
        return s.toString();
    }
}
