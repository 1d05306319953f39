package io.restcache.internal.purge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restcache.internal.key.EdgeKeys;
import io.restcache.internal.runtime.Invalidation;
import io.restcache.internal.store.TagRef;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which edge objects each kind of invalidation drops: exactly those carrying the keys restcache put on them. */
class InvalidationKeysTest {

    private final EdgeKeys keys = new EdgeKeys("restcache:", Optional.of("0123456789abcdef".getBytes(StandardCharsets.UTF_8)),
            false);

    @Test
    void tagAndPathPurges_areTheSameKeysAtTheEdge_usersNone() {
        assertEquals(Set.of(keys.of(TagRef.tag("user:42")).orElseThrow(), keys.of(TagRef.path("/users/42")).orElseThrow()),
                InvalidationKeys.of(new Invalidation.Indexed(Set.of(TagRef.tag("user:42"), TagRef.path("/users/42"),
                        TagRef.user("h"))), keys));
        assertEquals(Set.of(), InvalidationKeys.of(new Invalidation.Users(Set.of("alice")), keys));
    }

    @Test
    void variantPurge_isTheVariantsKeyUnderItsPath_notThePath() {
        Set<String> purged = InvalidationKeys.of(new Invalidation.Variants(TagRef.path("/users/42"), Set.of("de", "fr")), keys);
        assertEquals(Set.of(keys.variant("/users/42", "de"), keys.variant("/users/42", "fr")), purged);
        // an entry of another variant carries neither key: the edge keeps it, as Redis does
        Set<String> english = Set.copyOf(keys.forEntry(Set.of(TagRef.path("/users/42")), "/users/42", "R", "en"));
        assertEquals(Set.of(), intersection(english, purged));
        Set<String> german = Set.copyOf(keys.forEntry(Set.of(TagRef.path("/users/42")), "/users/42", "R", "de"));
        assertEquals(Set.of(keys.variant("/users/42", "de")), intersection(german, purged));
    }

    @Test
    void resourcePurge_isTheResourceKey_andEverythingTheKeyEveryEntryCarries() {
        assertEquals(Set.of(keys.resource("R1")), InvalidationKeys.of(new Invalidation.Resources(Set.of("R1")), keys));
        assertEquals(Set.of(keys.all()), InvalidationKeys.of(new Invalidation.Everything(), keys));
        assertEquals(keys.all(), keys.forEntry(Set.of(), "/p", "R", "V").get(0));
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        return a.stream().filter(b::contains).collect(java.util.stream.Collectors.toSet());
    }
}
