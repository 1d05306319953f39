package io.restcache.itests.app;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** How many times each resource method really ran: what the tests assert hits and misses on. */
@ApplicationScoped
public class Counters {

    private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public int increment(String name) {
        return counts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
    }

    public int get(String name) {
        AtomicInteger c = counts.get(name);
        return c == null ? 0 : c.get();
    }
}
