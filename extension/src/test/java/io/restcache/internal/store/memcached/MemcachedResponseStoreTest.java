package io.restcache.internal.store.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.config.MemcachedSettings;
import io.restcache.internal.key.CacheKey;
import io.restcache.internal.runtime.Invalidation;
import io.restcache.internal.runtime.RateLimitedLog;
import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.StoreKind;
import io.restcache.internal.store.StoreOutcome;
import io.restcache.internal.store.TagRef;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Memcached store against a real {@code memcached} that the test starts on a free port (Debian's
 * package; CI installs it) and stops by its process.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
class MemcachedResponseStoreTest {

    private static Process memcached;
    private static MemcachedConnector connector;
    private static MemcachedResponseStore store;
    private static MemcachedInvalidations invalidations;
    private static ScheduledExecutorService retries;

    private static final TagRef TAG = TagRef.tag("item:1");
    private static final TagRef PATH = TagRef.path("/items/1");
    private static final Duration SKEW = Duration.ofMillis(250);
    /** The fence of a fill that no bump can have raced: for the tests that are not about the fence. */
    private static final long UNRACED = Long.MAX_VALUE;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        memcached = new ProcessBuilder(binary(), "-p", Integer.toString(port), "-l", "127.0.0.1", "-U", "0", "-m", "16",
                "-u", System.getProperty("user.name"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        connector = MemcachedConnector.connecting(new MemcachedSettings(StoreKind.MEMCACHED,
                List.of(new MemcachedSettings.Server("127.0.0.1", port)), Duration.ofMillis(200), Duration.ofMillis(500),
                SKEW));
        connector.awaitConnected(Duration.ofSeconds(10));
        store = new MemcachedResponseStore(connector, "test:", Duration.ofMillis(200), SKEW, System::nanoTime);
        retries = Executors.newSingleThreadScheduledExecutor();
        invalidations = store.invalidations(Optional::empty, retries, () -> 10_000,
                new RateLimitedLog(Logger.getLogger("test"), 1_000), Duration.ofSeconds(1));
        assertTrue(store.available(), "connected to the memcached the test started");
        // as a deployment does at start: the namespace counter exists before the first fill begins
        put(key("first"), entry("{}"));
    }

    @AfterAll
    static void stop() {
        connector.close();
        retries.shutdownNow();
        if (memcached != null) {
            memcached.destroyForcibly();
        }
    }

    /** Debian's memcached; a missing binary fails the test (CI installs it), it is never skipped. */
    private static String binary() {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            File f = new File(dir, "memcached");
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        throw new IllegalStateException("memcached is not on the PATH: install it (Debian: apt-get install memcached), "
                + "as .ci/run does");
    }

    private static CacheKey key(String id) {
        return new CacheKey(0, id, "v", "test:v1:g0:r:{" + id + "}");
    }

    private static CacheEntry entry(String body, TagRef... refs) {
        long now = System.currentTimeMillis();
        return new CacheEntry(200, false, List.of(new CacheEntry.Header("Content-Type", "application/json")),
                "\"e\"", now, now + 60_000, now + 60_000, body.getBytes(StandardCharsets.UTF_8), Set.of(refs));
    }

    private static Optional<CacheEntry> read(CacheKey key) {
        return store.read(key).toCompletableFuture().join();
    }

    /** Stores the entry as a fill begun at {@code fillSequence} (µs) would, under the entry's own references. */
    private static StoreOutcome storeFilled(CacheKey key, CacheEntry entry, long fillSequence) {
        return store.store(key, entry, entry.refs(), fillSequence, 60_000, null).toCompletableFuture().join();
    }

    private static void put(CacheKey key, CacheEntry entry) {
        assertEquals(StoreOutcome.STORED, store.store(key, entry, entry.refs(), UNRACED, 60_000, null)
                .toCompletableFuture().join());
    }

    private static long counter(TagRef ref) {
        return MemcachedResponseStore.counterValue(connector.client().get(new MemcachedKeys("test:").counter(ref))
                .toCompletableFuture().join());
    }

    @Test
    void aBump_leavesTheCounterAtTheBumpsTimeOrAbove_evenWhenItWasBehind() {
        TagRef tag = TagRef.tag("clocked");
        long before = MemcachedResponseStore.nowMicros();
        invalidate(new Invalidation.Indexed(Set.of(tag)));
        long created = counter(tag);
        assertTrue(created >= before, "a new counter starts at the bump's time: " + created + " < " + before);
        connector.client().set(new MemcachedKeys("test:").counter(tag), "5".getBytes(StandardCharsets.US_ASCII), 0)
                .toCompletableFuture().join();
        long again = MemcachedResponseStore.nowMicros();
        invalidate(new Invalidation.Indexed(Set.of(tag)));
        assertTrue(counter(tag) >= again, "a counter behind the clock is advanced to it: " + counter(tag));
    }

    /** The fence: a bump made while the method ran keeps its (possibly stale) result out of Memcached. */
    @Test
    void aBumpWhileTheMethodRan_fencesTheFill_andAFillStartedPastTheAllowanceIsStored() {
        CacheKey key = key("fenced");
        TagRef tag = TagRef.tag("written-while-rendering");
        CacheEntry entry = entry("{\"v\":1}", tag, TagRef.path("/fenced"));
        long fillStart = store.fillSequence().toCompletableFuture().join();
        invalidate(new Invalidation.Indexed(Set.of(tag)));                 // the write commits while the method runs
        assertEquals(StoreOutcome.FENCED, storeFilled(key, entry, fillStart));
        assertTrue(read(key).isEmpty(), "nothing was stored");

        long bumpedAt = counter(tag);
        assertEquals(StoreOutcome.FENCED, storeFilled(key, entry, bumpedAt + SKEW.toNanos() / 1000),
                "a fill started within the clock-skew allowance of the bump is fenced");
        assertEquals(StoreOutcome.STORED, storeFilled(key, entry, bumpedAt + SKEW.toNanos() / 1000 + 1),
                "a fill started past it is stored");
        assertTrue(read(key).isPresent());
    }

    /**
     * Memcached that lost its data (restarted empty, flushed) lost every bump with it: a fill that began
     * before the loss may hold what a lost bump was meant to keep out, and is fenced; a fill begun after the
     * namespace counter came back is stored. (Without the re-created counter, the first store was STORED.)
     */
    @Test
    void aFillBegunBeforeMemcachedLostItsData_isFenced_aLaterOneIsStored() {
        CacheKey key = key("after-loss");
        TagRef row = TagRef.tag("row:30");
        CacheEntry entry = entry("{\"v\":18}", row, TagRef.path("/after-loss"));
        long fillStart = store.fillSequence().toCompletableFuture().join();
        invalidate(new Invalidation.Indexed(Set.of(row)));         // v19 is written while the method renders v18
        assertEquals(com.spotify.folsom.MemcacheStatus.OK, connector.client().flushAll(0).toCompletableFuture().join());
        assertEquals(StoreOutcome.FENCED, storeFilled(key, entry, fillStart),
                "the bump of row:30 is gone with the data: the fill must not be kept");
        assertTrue(read(key).isEmpty(), "nothing was stored");

        long recreated = MemcachedResponseStore.counterValue(connector.client().get(new MemcachedKeys("test:").namespace())
                .toCompletableFuture().join());
        assertTrue(recreated >= fillStart, "the namespace counter is back, later than the fenced fill began");
        CacheEntry fresh = entry("{\"v\":19}", row, TagRef.path("/after-loss"));
        assertEquals(StoreOutcome.STORED, storeFilled(key, fresh, recreated + SKEW.toNanos() / 1000 + 1),
                "a fill begun after the loss is stored");
        assertEquals("{\"v\":19}", new String(read(key).orElseThrow().body(), StandardCharsets.UTF_8));
    }

    /** A peer's fleet message makes this node re-read the counters it bumped, without waiting out version-max-age. */
    @Test
    void aPeersInvalidation_heardOnTheFleetTopic_stopsThisNodesHitsAtOnce() {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        MemcachedResponseStore nodeB = new MemcachedResponseStore(connector, "test:", Duration.ofMillis(200), SKEW, nanos::get);
        MemcachedInvalidations nodeBInvalidations = nodeB.invalidations(Optional::empty, retries, () -> 10_000,
                new RateLimitedLog(Logger.getLogger("test"), 1_000), Duration.ofSeconds(1));
        CacheKey key = key("heard");
        put(key, entry("{}", TagRef.tag("announced"), TagRef.path("/heard")));
        assertTrue(nodeB.read(key).toCompletableFuture().join().isPresent(), "B reads it, and keeps the versions");
        Invalidation bump = new Invalidation.Indexed(Set.of(TagRef.tag("announced")));
        invalidate(bump);                                                 // node A bumps
        assertTrue(nodeB.read(key).toCompletableFuture().join().isPresent(), "B's copy is still trusted (no time passed)");
        nodeBInvalidations.heardFromPeer(bump);                           // A's message reaches B
        assertTrue(nodeB.read(key).toCompletableFuture().join().isEmpty(), "B misses as soon as it heard of the bump");
    }

    @Test
    void storedEntry_readsBack() {
        CacheKey key = key("stored");
        assertTrue(read(key).isEmpty());
        put(key, entry("{\"a\":1}", TAG, PATH));
        assertEquals("{\"a\":1}", new String(read(key).orElseThrow().body(), StandardCharsets.UTF_8));
    }

    @Test
    void bumpingATagOrPath_orphansItsEntries_andOnlyThose() {
        CacheKey tagged = key("tagged");
        CacheKey other = key("other");
        put(tagged, entry("{}", TagRef.tag("bump-me"), TagRef.path("/tagged")));
        put(other, entry("{}", TagRef.tag("keep-me"), TagRef.path("/other")));
        invalidate(new Invalidation.Indexed(Set.of(TagRef.tag("bump-me"))));
        assertTrue(read(tagged).isEmpty(), "the next read misses");
        assertTrue(read(other).isPresent(), "an entry under other tags stays");

        put(other, entry("{}", TagRef.tag("keep-me"), TagRef.path("/other")));
        invalidate(new Invalidation.Variants(TagRef.path("/other"), Set.of("some-variant")));
        assertTrue(read(other).isEmpty(), "the next read misses");
    }

    @Test
    void aRunTimeTag_isCheckedLikeAStaticOne() {
        CacheKey key = key("runtime");
        put(key, entry("{}", TagRef.tag("added-by-CacheContext.tag"), TagRef.path("/runtime")));
        invalidate(new Invalidation.Indexed(Set.of(TagRef.tag("added-by-CacheContext.tag"))));
        assertTrue(read(key).isEmpty(), "the next read misses");
    }

    @Test
    void resourceAndNamespaceBumps_orphanEntries() {
        CacheKey key = key("resource");
        put(key, entry("{}", TagRef.path("/resource")));
        invalidate(new Invalidation.Resources(Set.of("resource")));
        assertTrue(read(key).isEmpty(), "the next read misses");

        put(key, entry("{}", TagRef.path("/resource")));
        assertTrue(read(key).isPresent());
        invalidate(new Invalidation.Everything());
        assertTrue(read(key).isEmpty(), "the next read misses");
    }

    @Test
    void storeAfterABump_isReadableAgain() {
        CacheKey key = key("again");
        put(key, entry("{\"v\":1}", TagRef.tag("again"), TagRef.path("/again")));
        invalidate(new Invalidation.Indexed(Set.of(TagRef.tag("again"))));
        assertTrue(read(key).isEmpty(), "the next read misses");
        put(key, entry("{\"v\":2}", TagRef.tag("again"), TagRef.path("/again")));
        assertEquals("{\"v\":2}", new String(read(key).orElseThrow().body(), StandardCharsets.UTF_8));
    }

    @Test
    void anEntryAboveTheItemLimit_isRefusedBeforeAnythingIsSent() {
        CacheEntry big = entry("x".repeat(MemcachedConnector.ITEM_LIMIT), PATH);
        assertThrows(IllegalArgumentException.class, () -> store.store(key("big"), big, big.refs(), UNRACED, 60_000, null));
    }

    /**
     * The documented bound: another node's bump reaches this node's hits within version-max-age, not later
     * (node B's ticker is the test's, so the bound is checked exactly, without sleeping).
     */
    @Test
    void anotherNodesBump_stopsThisNodesHitsWithinVersionMaxAge() {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        MemcachedResponseStore nodeB = new MemcachedResponseStore(connector, "test:", Duration.ofMillis(200), SKEW, nanos::get);
        CacheKey key = key("two-nodes");
        put(key, entry("{}", TagRef.tag("shared"), TagRef.path("/two-nodes")));
        assertTrue(nodeB.read(key).toCompletableFuture().join().isPresent(), "B reads it, and keeps the versions");
        invalidate(new Invalidation.Indexed(Set.of(TagRef.tag("shared"))));     // node A bumps
        assertTrue(read(key).isEmpty(), "A misses at once");
        nanos.addAndGet(Duration.ofMillis(199).toNanos());
        assertTrue(nodeB.read(key).toCompletableFuture().join().isPresent(), "B may hit until version-max-age");
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertTrue(nodeB.read(key).toCompletableFuture().join().isEmpty(), "B misses from version-max-age on");
    }

    /**
     * A bump that succeeds only after its request stopped waiting (Memcached frozen meanwhile) is announced
     * again: until it landed, any node may have refilled its near cache from the old counter. One that lands
     * while the request waits is not.
     */
    @Test
    void aBumpThatLandsOnlyOnARetry_isAnnouncedAgain_oneThatLandsAtOnceIsNot() throws Exception {
        java.util.List<Invalidation> announced = new java.util.concurrent.CopyOnWriteArrayList<>();
        MemcachedInvalidations late = store.invalidations(Optional::empty, retries, () -> 10_000,
                new RateLimitedLog(Logger.getLogger("test"), 1_000), Duration.ofMillis(100));
        late.onLateBump(announced::add);
        Invalidation atOnce = new Invalidation.Indexed(Set.of(TagRef.tag("lands-at-once")));
        late.invalidating(atOnce);
        assertTrue(announced.isEmpty(), "a bump done within the wait is not announced again: " + announced);

        Invalidation frozen = new Invalidation.Indexed(Set.of(TagRef.tag("lands-on-a-retry")));
        signal(memcached, "-STOP");
        try {
            late.invalidating(frozen);                 // returns after its 100 ms wait, the bump still pending
        } finally {
            signal(memcached, "-CONT");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> announced.contains(frozen));
        assertTrue(counter(TagRef.tag("lands-on-a-retry")) > 0, "the retried bump landed");
    }

    private static void signal(Process process, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor());
    }

    /** Runs last (methods run by name): it stops the test's server. */
    @Test
    void zz_memcachedDown_failsTheStageInsteadOfHanging() throws Exception {
        Process other = memcached;
        memcached = null;
        other.destroyForcibly();
        other.waitFor(5, TimeUnit.SECONDS);
        long start = System.nanoTime();
        CompletionException failed = assertThrows(CompletionException.class,
                () -> store.read(key("down")).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(!(failed.getCause() instanceof java.util.concurrent.TimeoutException), "no hang: " + failed);
        System.out.println("[timing] read with memcached down failed after " + millis + " ms: " + failed.getCause());
    }

    private static void invalidate(Invalidation invalidation) {
        invalidations.invalidating(invalidation);
    }
}
