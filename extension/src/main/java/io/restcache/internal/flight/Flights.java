package io.restcache.internal.flight;

import io.restcache.internal.store.CacheEntry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * Design note. Single-flight within one node: the first request that misses a variant becomes the
 * flight's leader and computes; the others that miss the same variant while it does become waiters and
 * wait, for a bounded time, for the leader's outcome. The outcome is the stored entry, or nothing when
 * the leader's response could not be stored (error status, Set-Cookie, private, an exception): then
 * every waiter runs the method itself — a response that is not storable is never handed from one
 * request to another, and each waiter builds its own response from the entry's bytes.
 *
 * Nothing waits forever: each wait is bounded, the number of waiters is bounded (past it requests go
 * straight to the method), and a flight whose leader never reports ends itself after the lease time.
 * Flights are keyed per variant (resource key + variant field), so user A's miss never serves user B.
 */
/** Coalesces concurrent misses of one variant on this node. */
public final class Flights {

    private final ConcurrentMap<String, Flight> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final int maxWaiters;
    private final Duration longestFlight;

    /**
     * @param maxWaiters how many requests may wait on flights at once
     * @param longestFlight after this a flight whose leader never reported ends by itself (empty)
     */
    public Flights(int maxWaiters, Duration longestFlight) {
        this.maxWaiters = maxWaiters;
        this.longestFlight = longestFlight;
    }

    /** Joins the flight of a variant: as its leader when there is none, else as a waiter. */
    public Ticket join(String variantKey) {
        Flight created = new Flight();
        Flight existing = inFlight.putIfAbsent(variantKey, created);
        if (existing != null) {
            return new Ticket(existing, false);
        }
        created.outcome.orTimeout(longestFlight.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((entry, error) -> inFlight.remove(variantKey, created));
        return new Ticket(created, true);
    }

    /** Requests currently waiting on a flight. */
    public int waiting() {
        return waiting.get();
    }

    /** One request's part in a flight. */
    public final class Ticket {
        private final Flight flight;
        private final boolean leader;
        private final AtomicBoolean finished = new AtomicBoolean();

        Ticket(Flight flight, boolean leader) {
            this.flight = flight;
            this.leader = leader;
        }

        public boolean leader() {
            return leader;
        }

        /**
         * Waits for the leader's outcome, at most {@code max}.
         *
         * @return the stored entry; empty when the leader's response was not stored, when the wait timed
         *         out, or when too many requests are waiting already (then without waiting at all)
         */
        public Optional<CacheEntry> await(Duration max) {
            if (leader) {
                throw new IllegalStateException("the leader does not wait for itself");
            }
            if (waiting.incrementAndGet() > maxWaiters) {
                waiting.decrementAndGet();
                return Optional.empty();
            }
            try {
                return flight.outcome.get(max.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } finally {
                waiting.decrementAndGet();
            }
        }

        /** The leader reports its outcome (once; later calls are ignored): the stored entry, or empty. */
        public void finish(Optional<CacheEntry> stored) {
            if (leader && finished.compareAndSet(false, true)) {
                flight.outcome.complete(stored);
            }
        }
    }

    private static final class Flight {
        final CompletableFuture<Optional<CacheEntry>> outcome = new CompletableFuture<>();
    }
}
