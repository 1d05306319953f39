package io.restcache.internal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.runtime.Invalidation;
import io.restcache.internal.store.TagRef;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvalidationMessagesTest {

    @Test
    void roundTrip_everyKind_withAwkwardValues() {
        assertRoundTrip(new Invalidation.Indexed(Set.of(TagRef.tag("user:42"), TagRef.tag("1:a,b|c"),
                TagRef.path("/ü/{x}"), TagRef.user("aGFzaA"))));
        assertRoundTrip(new Invalidation.Variants(TagRef.path("/g"), Set.of("f1", "f2")));
        assertRoundTrip(new Invalidation.Resources(Set.of("id1", "id2")));
        assertRoundTrip(new Invalidation.Everything());
    }

    @Test
    void malformed_readsAsEmpty() {
        String good = InvalidationMessages.encode("n", 3, new Invalidation.Indexed(Set.of(TagRef.tag("t"))));
        for (int cut = 0; cut < good.length(); cut++) {
            assertTrue(InvalidationMessages.decode(good.substring(0, cut)).isEmpty(), "cut at " + cut);
        }
        assertTrue(InvalidationMessages.decode(good + "x").isEmpty());
        assertTrue(InvalidationMessages.decode("3:rc21:n1:01:Z").isEmpty());
        assertTrue(InvalidationMessages.decode("garbage").isEmpty());
    }

    private static void assertRoundTrip(Invalidation invalidation) {
        String text = InvalidationMessages.encode("node-a", 7, invalidation);
        InvalidationMessages.Message back = InvalidationMessages.decode(text).orElseThrow();
        assertEquals("node-a", back.node());
        assertEquals(7, back.generation());
        assertEquals(invalidation, back.invalidation());
    }
}
