package io.restcache.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.store.TagRef;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Issue 18, defect 7: waiting invalidations are merged, bounded, and fall back to a generation bump. */
class RetryBacklogTest {

    @Test
    void waitingInvalidations_areMergedIntoOneAttemptPerKind() {
        RetryBacklog backlog = new RetryBacklog();
        for (int i = 0; i < 1_000; i++) {
            backlog.add(waiting(new Invalidation.Indexed(Set.of(TagRef.tag("user:" + (i % 10)))), Long.MAX_VALUE));
        }
        backlog.add(waiting(new Invalidation.Users(Set.of("alice")), Long.MAX_VALUE));
        backlog.add(waiting(new Invalidation.Variants(TagRef.path("/p"), Set.of("de")), Long.MAX_VALUE));
        backlog.add(waiting(new Invalidation.Variants(TagRef.path("/p"), Set.of("fr")), Long.MAX_VALUE));

        RetryBacklog.Batch batch = backlog.drain(0);

        assertEquals(List.of(new Invalidation.Indexed(Set.of(TagRef.tag("user:0"), TagRef.tag("user:1"),
                        TagRef.tag("user:2"), TagRef.tag("user:3"), TagRef.tag("user:4"), TagRef.tag("user:5"),
                        TagRef.tag("user:6"), TagRef.tag("user:7"), TagRef.tag("user:8"), TagRef.tag("user:9"))),
                new Invalidation.Users(Set.of("alice")),
                new Invalidation.Variants(TagRef.path("/p"), Set.of("de", "fr"))), batch.merged());
        assertEquals(1_003, batch.covered().size());
        assertTrue(backlog.isEmpty());
    }

    @Test
    void anEverythingAmongThem_coversTheRest() {
        assertEquals(List.of(new Invalidation.Everything()), RetryBacklog.merge(List.of(
                new Invalidation.Indexed(Set.of(TagRef.tag("a"))), new Invalidation.Everything(),
                new Invalidation.Resources(Set.of("r")))));
    }

    @Test
    void pastItsBound_theBacklogBecomesOneGenerationBump_andItsCallersAreNotConfirmed() {
        RetryBacklog backlog = new RetryBacklog(100);
        List<RetryBacklog.Waiting> all = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            RetryBacklog.Waiting w = waiting(new Invalidation.Indexed(Set.of(TagRef.tag("t" + i))), Long.MAX_VALUE);
            all.add(w);
            backlog.add(w);
        }
        RetryBacklog.Batch batch = backlog.drain(0);
        assertEquals(List.of(new Invalidation.Everything()), batch.merged());
        assertTrue(batch.overflowed());
        assertTrue(all.stream().allMatch(w -> w.done().isCompletedExceptionally()),
                "nobody is told their drop was confirmed; the bump will cover it");

        backlog.putBack(batch);                       // the bump failed too: it is still owed
        assertEquals(List.of(new Invalidation.Everything()), backlog.drain(0).merged());
    }

    @Test
    void pastTheirDeadline_invalidationsAreGivenUp() {
        RetryBacklog backlog = new RetryBacklog();
        backlog.add(waiting(new Invalidation.Indexed(Set.of(TagRef.tag("old"))), 10));
        backlog.add(waiting(new Invalidation.Indexed(Set.of(TagRef.tag("new"))), 1_000));
        RetryBacklog.Batch batch = backlog.drain(500);
        assertEquals(1, batch.expired().size());
        assertEquals(List.of(new Invalidation.Indexed(Set.of(TagRef.tag("new")))), batch.merged());
    }

    private static RetryBacklog.Waiting waiting(Invalidation i, long deadline) {
        return new RetryBacklog.Waiting(i, new CompletableFuture<>(), deadline);
    }
}
