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
        assertTrue(watch.isBookkeeping(names.epochsKey(7)), "without it, what lazy purges superseded is served again");
        assertFalse(watch.isBookkeeping(names.keys().resourceKey(7, "r")));
        assertFalse(watch.isBookkeeping(names.expiriesKey(7, "r")));
        assertFalse(watch.isBookkeeping(names.epochsKey(6)), "an older generation is invalidated already");
    }
}
