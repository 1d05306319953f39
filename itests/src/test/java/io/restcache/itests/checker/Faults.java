package io.restcache.itests.checker;

import java.time.Duration;
import java.util.List;

/** The faults of the default run, one phase each. */
final class Faults {

    /** How long a held fault (CLIENT PAUSE, the tiny maxmemory) lasts. */
    static final Duration HELD = Duration.ofSeconds(2);

    /** FLUSHALLs of the flush phase: each one is a chance to catch a fill in flight across the loss. */
    static final int FLUSHES = 10;

    private Faults() {
    }

    /** {@link #FLUSHES} FLUSHALLs 300 ms apart, under load; healed at the last one. */
    private static long flushes(RedisControl redis) throws InterruptedException {
        for (int i = 1; i < FLUSHES; i++) {
            redis.command("FLUSHALL");
            Thread.sleep(300);
        }
        redis.command("FLUSHALL");
        return System.nanoTime();
    }

    /** The phases after the baseline, in order. */
    static List<Fault> all(String pubSubVictim) {
        return List.of(
                fault("redis-restart-empty", redis -> {
                    redis.killAndRestartEmpty();
                    return System.nanoTime();
                }),
                fault("flushall-x" + FLUSHES, Faults::flushes),
                fault("client-kill-pubsub", redis -> killPubSub(redis, pubSubVictim)),
                fault("client-pause-2s", redis -> {
                    long start = System.nanoTime();
                    redis.command("CLIENT", "PAUSE", Long.toString(HELD.toMillis()), "ALL");
                    return start + HELD.toNanos();     // the server resumes by itself; the load goes on meanwhile
                }),
                fault("maxmemory-allkeys-lru", Faults::tinyMaxMemory),
                fault("sequence-evicted", Faults::evictSequence));
    }

    /**
     * Cuts one node's pub/sub connection (CLIENT KILL TYPE pubsub would cut every node's) and waits until
     * the node has subscribed again: that is the heal.
     */
    private static long killPubSub(RedisControl redis, String node) throws InterruptedException {
        String id = redis.pubSubConnectionOf(node).orElseThrow(() -> new AssertionError(
                "no pub/sub connection of " + node + ": " + redis.command("CLIENT", "LIST")));
        redis.command("CLIENT", "KILL", "ID", id);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (redis.pubSubConnectionOf(node).filter(other -> !other.equals(id)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node + " did not subscribe again within 30 s of its pub/sub connection being killed");
            }
            Thread.sleep(20);
        }
        return System.nanoTime();
    }

    /**
     * A maxmemory below what Redis holds, with allkeys-lru: Redis evicts part of the data set at once and
     * keeps evicting (restcache's control keys included) as fills arrive, for {@link #HELD}; then the limit
     * is lifted (the heal).
     */
    private static long tinyMaxMemory(RedisControl redis) throws InterruptedException {
        String info = redis.command("INFO", "memory");
        long used = field(info, "used_memory");
        long dataset = field(info, "used_memory_dataset");
        long keysBefore = Long.parseLong(redis.command("DBSIZE"));
        long evictedBefore = field(redis.command("INFO", "stats"), "evicted_keys");
        redis.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        redis.command("CONFIG", "SET", "maxmemory", Long.toString(Math.max(1, used - dataset / 8)));
        Thread.sleep(HELD.toMillis());
        redis.command("CONFIG", "SET", "maxmemory", "0");
        long healed = System.nanoTime();
        redis.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
        System.out.printf("[checker] maxmemory %d bytes below the used %d (data set %d): %d of %d keys evicted%n",
                dataset / 8, used, dataset, field(redis.command("INFO", "stats"), "evicted_keys") - evictedBefore, keysBefore);
        return healed;
    }

    /**
     * What allkeys-lru does when it picks restcache's invalidation sequence (the data stays): deletes the
     * sequence key(s), found by pattern so that a new layout (another schema version, a sequence per slot)
     * is still hit — a layout without any fails the phase rather than pass it vacuously.
     */
    private static long evictSequence(RedisControl redis) {
        String keys = redis.command("KEYS", "*seq*");
        if (keys == null || keys.isBlank()) {
            throw new AssertionError("no invalidation sequence key in Redis (KEYS *seq*): update this phase to the layout");
        }
        for (String key : keys.split("\n")) {
            redis.command("DEL", key);
        }
        return System.nanoTime();
    }

    private static long field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no " + name + ": " + info);
    }

    /** What a fault does under load; returns the nanoTime of its heal. */
    interface Injection {
        long inject(RedisControl redis) throws InterruptedException;
    }

    /** A named fault of the checker's phases. */
    static Fault fault(String name, Injection injection) {
        return new Fault() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long inject(RedisControl redis) throws InterruptedException {
                return injection.inject(redis);
            }
        };
    }
}
