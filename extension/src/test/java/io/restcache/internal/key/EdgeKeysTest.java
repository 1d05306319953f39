package io.restcache.internal.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.store.TagRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdgeKeysTest {

    private static final Optional<byte[]> SECRET = Optional.of("0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8));
    private final EdgeKeys hashed = new EdgeKeys("restcache:", SECRET, false);
    private final EdgeKeys raw = new EdgeKeys("restcache:", Optional.empty(), true);

    @Test
    void hashedKey_isLowerHexOf96Bits_andShowsNoTag() {
        String key = hashed.of(TagRef.tag("user:42")).orElseThrow();
        assertTrue(key.matches("[0-9a-f]{24}"), key);
        assertTrue(!key.contains("user"), key);
    }

    @Test
    void hashedKey_isTheSameOnEveryNode_andDependsOnTheSecretAndPrefix() {
        String key = hashed.of(TagRef.tag("user:42")).orElseThrow();
        assertEquals(key, new EdgeKeys("restcache:", SECRET, false).of(TagRef.tag("user:42")).orElseThrow());
        assertNotEquals(key, new EdgeKeys("restcache:", Optional.of("another-secret-of-16".getBytes(StandardCharsets.UTF_8)),
                false).of(TagRef.tag("user:42")).orElseThrow());
        assertNotEquals(key, new EdgeKeys("other:", SECRET, false).of(TagRef.tag("user:42")).orElseThrow());
    }

    @Test
    void kinds_neverShareAKey() {
        Set<String> keys = Set.of(hashed.of(TagRef.tag("/a")).orElseThrow(), hashed.of(TagRef.path("/a")).orElseThrow(),
                hashed.resource("/a"), hashed.variant("/a", ""), hashed.all());
        assertEquals(5, keys.size());
    }

    @Test
    void users_haveNoEdgeKey() {
        assertTrue(hashed.of(TagRef.user("h")).isEmpty());
        assertTrue(raw.of(TagRef.user("h")).isEmpty());
        assertEquals(List.of(), hashed.groups(Set.of(TagRef.user("h"))));
    }

    @Test
    void rawKeys_areTheTagsAsWritten_withSeparatorsAndQuotesEscaped() {
        assertEquals("user:42", raw.of(TagRef.tag("user:42")).orElseThrow());
        assertEquals("/users/42", raw.of(TagRef.path("/users/42")).orElseThrow());
        assertEquals("a%20b%2Cc%22d%5Ce%25f%C3%A9", raw.of(TagRef.tag("a b,c\"d\\e%fé")).orElseThrow());
    }

    @Test
    void forEntry_listsAllTagsPathResourceAndVariant() {
        List<String> keys = hashed.forEntry(Set.of(TagRef.tag("b"), TagRef.tag("a"), TagRef.path("/x"), TagRef.user("u")),
                "/x", "RES", "VAR");
        assertEquals(6, keys.size());
        assertEquals(hashed.all(), keys.get(0));
        assertEquals(hashed.groups(Set.of(TagRef.tag("a"), TagRef.tag("b"), TagRef.path("/x"))), keys.subList(1, 4));
        assertEquals(hashed.resource("RES"), keys.get(4));
        assertEquals(hashed.variant("/x", "VAR"), keys.get(5));
    }

    @Test
    void hashedKeys_needASecret() {
        assertThrows(IllegalArgumentException.class, () -> new EdgeKeys("restcache:", Optional.empty(), false));
    }
}
