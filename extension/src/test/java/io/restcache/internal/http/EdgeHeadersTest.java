package io.restcache.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EdgeHeadersTest {

    @Test
    void keys_areJoinedWithTheFormatsSeparator() {
        assertEquals(Optional.of("a b c"), EdgeHeaders.keys(List.of("a", "b", "c"), ' ', 100));
        assertEquals(Optional.of("a,b"), EdgeHeaders.keys(List.of("a", "b"), ',', 100));
    }

    @Test
    void keysOverTheEdgesLimit_areNotHandedOverAtAll() {
        assertEquals(Optional.of("abc de"), EdgeHeaders.keys(List.of("abc", "de"), ' ', 6));
        assertTrue(EdgeHeaders.keys(List.of("abc", "def"), ' ', 6).isEmpty());
    }

    @Test
    void groups_areAStructuredListOfStrings() {
        assertEquals("\"a1\", \"b2\"", EdgeHeaders.groups(List.of("a1", "b2")));
        assertEquals("\"only\"", EdgeHeaders.groups(List.of("only")));
    }

    @Test
    void sharedMaxAge_withTheAge_endsWhenRestcachesFreshnessEnds() {
        assertEquals(57, EdgeHeaders.sharedMaxAge(0, 57_900));     // whole seconds: never past the entry
        assertEquals(60, EdgeHeaders.sharedMaxAge(3, 57_100));     // Age 3 + 57 left: the edge keeps 57 s more
        assertEquals(0, EdgeHeaders.sharedMaxAge(3, 0));
        assertEquals(0, EdgeHeaders.sharedMaxAge(3, -2_000));      // stale: nothing for the edge
    }

    @Test
    void withSharedMaxAge_replacesAnyOwnSMaxAge_andKeepsTheRest() {
        assertEquals(Optional.of("s-maxage=30"), EdgeHeaders.withSharedMaxAge(List.of(), 30));
        assertEquals(Optional.of("max-age=60, public, s-maxage=30"),
                EdgeHeaders.withSharedMaxAge(List.of("max-age=60, S-MaxAge=600", "public"), 30));
        assertEquals(Optional.of("no-cache=\"a, b\", s-maxage=0"),
                EdgeHeaders.withSharedMaxAge(List.of("no-cache=\"a, b\""), 0));
    }

    @Test
    void withSharedMaxAge_leavesPrivateAndNoStoreAlone() {
        assertTrue(EdgeHeaders.withSharedMaxAge(List.of("max-age=5, Private"), 30).isEmpty());
        assertTrue(EdgeHeaders.withSharedMaxAge(List.of("no-store"), 30).isEmpty());
        assertEquals(Optional.of("x=\"private\", s-maxage=9"), EdgeHeaders.withSharedMaxAge(List.of("x=\"private\""), 9));
    }
}
