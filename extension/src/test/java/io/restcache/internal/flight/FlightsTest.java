package io.restcache.internal.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.store.CacheEntry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Single-flight, ordered by latches: no sleeps decide who does what. */
class FlightsTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Flights flights = new Flights(100, Duration.ofSeconds(60));

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void firstJoinLeads_othersWait_andAllGetTheStoredEntry() throws Exception {
        Flights.Ticket leader = flights.join("k");
        assertTrue(leader.leader());
        List<Future<Optional<CacheEntry>>> waiters = List.of(wait("k"), wait("k"), wait("k"));
        awaitWaiting(3);

        CacheEntry stored = entry();
        leader.finish(Optional.of(stored));

        for (Future<Optional<CacheEntry>> w : waiters) {
            assertSame(stored, w.get(5, TimeUnit.SECONDS).orElseThrow());
        }
        assertTrue(flights.join("k").leader(), "a finished flight is gone: the next miss leads a new one");
    }

    @Test
    void leaderThrowsOrIsNotStorable_waitersAreReleasedEmpty_toRunTheMethodThemselves() throws Exception {
        Flights.Ticket leader = flights.join("k");
        Future<Optional<CacheEntry>> waiter = wait("k");
        awaitWaiting(1);

        leader.finish(Optional.empty());     // the method threw, or its response was private / an error

        assertTrue(waiter.get(5, TimeUnit.SECONDS).isEmpty());
    }

    @Test
    void waiter_timesOut_withoutTheLeader() {
        flights.join("k");
        Flights.Ticket waiter = flights.join("k");
        assertFalse(waiter.leader());
        assertTrue(waiter.await(Duration.ofMillis(50)).isEmpty());
        assertEquals(0, flights.waiting());
    }

    @Test
    void flightsArePerVariant() throws Exception {
        Flights.Ticket userA = flights.join("resource\nvariant-of-A");
        Flights.Ticket userB = flights.join("resource\nvariant-of-B");
        assertTrue(userA.leader());
        assertTrue(userB.leader(), "B's miss never waits for, or receives, A's response");
        assertNotSame(userA, userB);
    }

    @Test
    void pastTheWaiterLimit_requestsDoNotWait() throws Exception {
        Flights small = new Flights(1, Duration.ofSeconds(60));
        small.join("k");
        CountDownLatch waiting = new CountDownLatch(1);
        Future<Optional<CacheEntry>> first = threads.submit(() -> {
            Flights.Ticket t = small.join("k");
            waiting.countDown();
            return t.await(LONG);
        });
        waiting.await();
        while (small.waiting() < 1) {
            Thread.onSpinWait();
        }
        long start = System.nanoTime();
        assertTrue(small.join("k").await(LONG).isEmpty());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "the second waiter did not wait");
        first.cancel(true);
    }

    @Test
    void leaderThatNeverReports_endsByItselfAfterTheLongestFlight() throws Exception {
        Flights quick = new Flights(10, Duration.ofMillis(100));
        quick.join("k");
        CompletableFuture<Boolean> ledAgain = new CompletableFuture<>();
        threads.submit(() -> {
            while (!quick.join("k").leader()) {
                Thread.onSpinWait();
            }
            ledAgain.complete(true);
        });
        assertTrue(ledAgain.get(10, TimeUnit.SECONDS));
    }

    @Test
    void finish_isIdempotent_andOnlyTheLeaderFinishes() throws Exception {
        Flights.Ticket leader = flights.join("k");
        Flights.Ticket waiter = flights.join("k");
        waiter.finish(Optional.of(entry()));          // ignored: not the leader
        Future<Optional<CacheEntry>> w = wait("k");
        awaitWaiting(1);
        leader.finish(Optional.empty());
        leader.finish(Optional.of(entry()));          // ignored: already finished
        assertTrue(w.get(5, TimeUnit.SECONDS).isEmpty());
    }

    private Future<Optional<CacheEntry>> wait(String key) {
        return threads.submit(() -> flights.join(key).await(LONG));
    }

    private void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (flights.waiting() < n) {
            assertTrue(System.nanoTime() < deadline, "waiters never started waiting");
            Thread.sleep(1);
        }
    }

    private static CacheEntry entry() {
        return new CacheEntry(200, false, List.of(), "\"e\"", 0, 1, 1, new byte[0], Set.of());
    }
}
