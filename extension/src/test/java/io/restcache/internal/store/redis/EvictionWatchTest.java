package io.restcache.internal.store.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.store.TagRef;
import org.junit.jupiter.api.Test;

class EvictionWatchTest {

    private final Namespace names = new Namespace(new KeyBuilder("app:"));
    private final EvictionWatch watch = new EvictionWatch(names, key -> { });

    @Test
    void theKeysEntriesDependOn_areBookkeeping_theEntriesThemselvesAreNot() {
        names.adopt(new Namespace.Incarnation("i", 7));
        assertTrue(watch.isBookkeeping(names.controlKey()));
        assertTrue(watch.isBookkeeping(names.indexKey(7, TagRef.tag("t"))));
        assertTrue(watch.isBookkeeping(names.fenceKey(7, TagRef.tag("t"))));
        assertTrue(watch.isBookkeeping(names.resourceFenceKey(7, "r")));
        for (String copy : names.epochsKeys(7)) {
            assertTrue(watch.isBookkeeping(copy), "without " + copy + ", what lazy purges superseded is served again");
        }
        assertFalse(watch.isBookkeeping(names.keys().resourceKey(7, "r")));
        assertFalse(watch.isBookkeeping(names.expiriesKey(7, "r")));
        assertFalse(watch.isBookkeeping(names.epochsKey(6)), "an older generation is invalidated already");
    }

    @Test
    void theRegistryCopies_sitOnThreeMastersOfAnEvenlySplitCluster() {
        // redis-cli --cluster create splits the slots evenly: with three masters 0-5460, 5461-10922, 10923-16383
        java.util.Set<Integer> thirds = new java.util.HashSet<>();
        for (String copy : names.epochsKeys(7)) {
            thirds.add(HashSlot.of(copy) * 3 / HashSlot.SLOTS);
        }
        assertTrue(thirds.size() == 3, "copies " + names.epochsKeys(7) + " fall on " + thirds.size() + " of three masters");
    }
}
