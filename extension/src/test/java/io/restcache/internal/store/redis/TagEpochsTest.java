package io.restcache.internal.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.store.TagRef;
import io.restcache.internal.store.redis.TagEpochs.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TagEpochsTest {

    private static final TagRef HUGE = TagRef.tag("catalog");
    private static final TagRef SMALL = TagRef.tag("user:7");
    private static final TagRef PATH = TagRef.path("/items/1");

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final TagEpochs epochs = new TagEpochs(now::get);

    private TagEpochs known() {
        epochs.loaded(epochs.loading(), Map.of());
        return epochs;
    }

    @Test
    void untilLoaded_everyEntryIsCheckedInRedis_andAnEmptyRegistryServesThemAll() {
        assertEquals(Verdict.ASK_REDIS, epochs.verdict(Set.of(PATH), 5));
        known();
        assertTrue(epochs.known());
        assertEquals(Verdict.CURRENT, epochs.verdict(Set.of(PATH, SMALL), 5));
    }

    @Test
    void anEpoch_supersedesFillsBeforeItsSequence_only() {
        known().learned(epochs.id(HUGE), 500, now.get() + 60_000);
        assertEquals(Verdict.SUPERSEDED, epochs.verdict(Set.of(PATH, HUGE), 499));
        assertEquals(Verdict.CURRENT, epochs.verdict(Set.of(PATH, HUGE), 500), "a fill that read the purge's sequence came after it");
        assertEquals(Verdict.CURRENT, epochs.verdict(Set.of(PATH, SMALL), 1), "other refs are not concerned");
    }

    @Test
    void anEpoch_endsAMinuteAfterTheLastEntryItCouldName_notBefore() {
        known().learned(epochs.id(HUGE), 500, now.get() + 1_000);
        now.addAndGet(1_000 + TagEpochs.SKEW_MARGIN_MILLIS - 1);
        assertEquals(Verdict.SUPERSEDED, epochs.verdict(Set.of(HUGE), 1), "clocks may differ: kept past its end");
        now.addAndGet(1);
        assertEquals(Verdict.CURRENT, epochs.verdict(Set.of(HUGE), 1));
    }

    @Test
    void aLaterEpoch_keepsTheHigherSequenceAndTheLaterEnd() {
        known().learned(epochs.id(HUGE), 500, now.get() + 90_000);
        epochs.learned(epochs.id(HUGE), 700, now.get() + 10_000);
        assertEquals(Verdict.SUPERSEDED, epochs.verdict(Set.of(HUGE), 600));
        now.addAndGet(80_000);
        assertEquals(Verdict.SUPERSEDED, epochs.verdict(Set.of(HUGE), 600), "the first epoch's entries live longer");
    }

    @Test
    void anAnnouncedRef_isCheckedInRedis_untilItsOwnAnswerComes() {
        known();
        long first = epochs.announce(Set.of(HUGE));
        assertEquals(Verdict.ASK_REDIS, epochs.verdict(Set.of(PATH, HUGE), 1));
        long second = epochs.announce(Set.of(HUGE));
        epochs.resolved(first, Map.of(), List.of(epochs.id(HUGE)));
        assertEquals(Verdict.ASK_REDIS, epochs.verdict(Set.of(HUGE), 1), "an older answer does not settle a later purge");
        epochs.resolved(second, Map.of(epochs.id(HUGE), "900:" + (now.get() + 60_000)), List.of(epochs.id(HUGE)));
        assertEquals(Verdict.SUPERSEDED, epochs.verdict(Set.of(HUGE), 899));
        assertEquals(Verdict.CURRENT, epochs.verdict(Set.of(HUGE), 900));
    }

    @Test
    void aLossDuringALoad_keepsTheCopyUnknown_untilTheNextLoad() {
        long since = epochs.loading();
        epochs.unknown();       // e.g. a heartbeat gap while the HGETALL was on its way
        epochs.loaded(since, Map.of());
        assertFalse(epochs.known());
        epochs.loaded(epochs.loading(), Map.of(epochs.id(HUGE), "900:" + (now.get() + 60_000)));
        assertTrue(epochs.known());
        assertEquals(Verdict.SUPERSEDED, epochs.verdict(Set.of(HUGE), 1));
    }

    @Test
    void aLoad_settlesTheAnnouncementsMadeBeforeIt_notThoseAfter() {
        known();
        epochs.announce(Set.of(HUGE));
        long since = epochs.loading();
        epochs.announce(Set.of(SMALL));
        epochs.loaded(since, Map.of());
        assertEquals(Verdict.CURRENT, epochs.verdict(Set.of(HUGE), 1));
        assertEquals(Verdict.ASK_REDIS, epochs.verdict(Set.of(SMALL), 1));
    }

    @Test
    void aNewGeneration_forgetsTheOldEpochs_andIsUnknownUntilLoaded() {
        known().learned(epochs.id(HUGE), 500, now.get() + 60_000);
        epochs.reset();
        assertEquals(Verdict.ASK_REDIS, epochs.verdict(Set.of(HUGE), 1));
        known();
        assertEquals(Verdict.CURRENT, epochs.verdict(Set.of(HUGE), 1));
    }

    @Test
    void registryValues_supersedeLikeTheCopy_andAValueNotWrittenByRestcacheSupersedes() {
        long until = now.get() + 60_000;
        assertTrue(epochs.supersededBy(List.of("500:" + until), 499));
        assertFalse(epochs.supersededBy(List.of("500:" + until), 500));
        assertFalse(epochs.supersededBy(List.of(), 1));
        assertFalse(epochs.supersededBy(java.util.Arrays.asList((String) null), 1));
        assertTrue(epochs.supersededBy(List.of("garbage"), Long.MAX_VALUE));
        assertEquals(java.util.Optional.empty(), TagEpochs.parse("12:x"));
    }
}
