package io.restcache.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheControlTest {

    @Test
    void parse_namesAreCaseInsensitive_andLinesFormOneList() {
        CacheControl cc = CacheControl.parse(List.of("Max-Age=60, PUBLIC", "s-maxage=5"));
        assertEquals(Optional.of(60L), cc.seconds("max-age"));
        assertEquals(Optional.of(5L), cc.seconds("s-maxage"));
        assertTrue(cc.has("public"));
        assertFalse(cc.has("private"));
    }

    @Test
    void parse_quotedArguments_mayHoldCommas() {
        CacheControl cc = CacheControl.parse(List.of("no-cache=\"Set-Cookie, X-Foo\", max-age=3"));
        assertTrue(cc.has("no-cache"));
        assertEquals(Optional.of(3L), cc.seconds("max-age"));
        assertFalse(cc.has("x-foo\""));
    }

    @Test
    void seconds_invalidArguments_areNotDeltaSeconds() {
        CacheControl cc = CacheControl.parse(List.of("max-age=-1, s-maxage=1.5, stale-if-error=, x=99999999999999999999"));
        assertEquals(Optional.empty(), cc.seconds("max-age"));
        assertTrue(cc.invalidSeconds("max-age"));
        assertEquals(Optional.empty(), cc.seconds("s-maxage"));
        assertEquals(Optional.empty(), cc.seconds("stale-if-error"));
        assertEquals(Optional.of(Long.MAX_VALUE), cc.seconds("x"));
    }

    @Test
    void parse_repeatedDirective_firstWins_andEmptyIsEmpty() {
        assertEquals(Optional.of(1L), CacheControl.parse(List.of("max-age=1, max-age=100")).seconds("max-age"));
        assertTrue(CacheControl.parse(null).isEmpty());
        assertTrue(CacheControl.parse(List.of(" , ")).isEmpty());
    }
}
