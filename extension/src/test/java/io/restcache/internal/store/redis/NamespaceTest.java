package io.restcache.internal.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.store.TagRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceTest {

    private final Namespace names = new Namespace(new KeyBuilder("p:"));
    private final List<Long> changes = new ArrayList<>();

    NamespaceTest() {
        names.onGenerationChange(changes::add);
    }

    @Test
    void withinAnIncarnation_generationsOnlyMoveForward() {
        assertFalse(names.adopt(new Namespace.Incarnation("a", 5)));
        assertFalse(names.adopt(new Namespace.Incarnation("a", 3)));
        assertEquals(5, names.generation());
        names.observe("a", 9);
        assertEquals(9, names.generation());
        names.observe("other", 20);
        assertEquals(9, names.generation(), "a generation of another incarnation is not taken from a message");
        assertEquals(List.of(9L), changes);
    }

    @Test
    void aNewIncarnation_isALoss_andIsAdoptedWhateverItsGeneration() {
        names.adopt(new Namespace.Incarnation("a", 50));
        assertTrue(names.adopt(new Namespace.Incarnation("b", 7)));
        assertEquals(7, names.generation());
        assertEquals(List.of(7L), changes, "the near caches clear on it");
    }

    @Test
    void indexNames_carryNoRawValue_andHaveABoundedLength() {
        String email = names.indexKey(0, TagRef.path("/t/items/dave@example.com"));
        String longPath = names.indexKey(0, TagRef.path("/" + "x".repeat(6000)));
        assertFalse(email.contains("dave"), email);
        assertEquals(email.length(), longPath.length());
        assertTrue(email.length() < 60, email);
        assertTrue(names.fenceKey(0, TagRef.tag("t")).endsWith(
                names.indexKey(0, TagRef.tag("t")).substring(names.indexKey(0, TagRef.tag("t")).indexOf('{'))),
                "an index and its fence share a hash tag");
        assertFalse(names.indexKey(0, TagRef.tag("a")).equals(names.indexKey(0, TagRef.path("a"))),
                "kinds stay apart");
    }

    @Test
    void scripts_haveEveryIncludeAndPlaceholderResolved() {
        for (String script : List.of(RedisScripts.SEQ_NEXT, RedisScripts.SEQ_READ, RedisScripts.CONTROL,
                RedisScripts.BUMP, RedisScripts.START_FILL, RedisScripts.STORE_ONE, RedisScripts.INDEX_ADD,
                RedisScripts.STORE_RESOURCE, RedisScripts.PURGE_ONE, RedisScripts.INDEX_FENCE,
                RedisScripts.RESOURCE_PURGE)) {
            assertFalse(script.contains("@"), script);
            assertFalse(script.contains("--#include"), script);
        }
        assertTrue(RedisScripts.STORE_ONE.contains("local function track_expiry"));
    }
}
