package io.restcache.internal.store.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VersionCacheTest {

    private final Map<String, Long> memcached = new HashMap<>();
    private final List<List<String>> fetches = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final VersionCache cache = new VersionCache(keys -> {
        fetches.add(List.copyOf(keys));
        return CompletableFuture.completedFuture(keys.stream().map(k -> memcached.getOrDefault(k, 0L)).toList());
    }, Duration.ofSeconds(1).toNanos(), now::get, 1_000);

    private Map<String, Long> read(String... keys) {
        return cache.versions(List.of(keys)).toCompletableFuture().join();
    }

    @Test
    void missingCounters_areReadInOneMultiGet_andReadZeroWhenAbsent() {
        memcached.put("a", 5L);
        assertEquals(Map.of("a", 5L, "b", 0L), read("a", "b"));
        assertEquals(List.of(List.of("a", "b")), fetches);
    }

    @Test
    void aValueRead_isTrustedForMaxAge_thenReadAgain() {
        memcached.put("a", 5L);
        read("a");
        memcached.put("a", 6L);     // another node bumped it
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertEquals(5L, read("a").get("a"), "within max-age this node's copy answers");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertEquals(6L, read("a").get("a"), "at max-age the bump is seen");
        assertEquals(2, fetches.size());
    }

    @Test
    void onlyTheStaleOrUnknownCounters_areFetched() {
        read("a");
        now.addAndGet(Duration.ofMillis(500).toNanos());
        read("a", "b");
        assertEquals(List.of(List.of("a"), List.of("b")), fetches);
    }

    @Test
    void aLocalBump_isSeenAtOnce() {
        read("a");
        memcached.put("a", 9L);
        cache.forget("a");
        assertEquals(9L, read("a").get("a"));
    }

    @Test
    void aReadUnderWayDuringALocalBump_isNotKept() {
        CompletableFuture<List<Long>> slow = new CompletableFuture<>();
        VersionCache racing = new VersionCache(keys -> {
            fetches.add(List.copyOf(keys));
            return fetches.size() == 1 ? slow : CompletableFuture.completedFuture(List.of(2L));
        }, Duration.ofSeconds(1).toNanos(), now::get, 1_000);
        CompletableFuture<Map<String, Long>> first = racing.versions(List.of("a")).toCompletableFuture();
        racing.forget("a");          // bumped from 1 to 2 while the read was on its way
        slow.complete(List.of(1L));
        assertEquals(1L, first.join().get("a"));
        assertEquals(2L, racing.versions(List.of("a")).toCompletableFuture().join().get("a"),
                "the old value was not kept: the next read asks again");
    }

    @Test
    void current_bypassesTheCopy() {
        read("a");
        memcached.put("a", 3L);
        assertEquals(3L, cache.current(List.of("a")).toCompletableFuture().join().get("a"));
        assertEquals(3L, read("a").get("a"), "and refreshes it");
        assertEquals(2, fetches.size());
    }
}
