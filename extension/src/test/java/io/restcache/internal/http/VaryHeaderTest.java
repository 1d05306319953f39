package io.restcache.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class VaryHeaderTest {

    /** Regression: only the first Vary line was kept, and names already present were appended again. */
    @Test
    void merge_keepsEveryLine_andNamesEachOnce() {
        assertEquals("Foo, bar, accept-encoding",
                VaryHeader.merge(List.of("Foo", "bar, accept-encoding"), "Foo, Accept-Encoding"));
        assertEquals("Accept-Encoding", VaryHeader.merge(null, "Accept-Encoding"));
        assertEquals("", VaryHeader.merge(List.of(" "), ""));
    }

    @Test
    void merge_starOnAnyLine_isStar() {
        assertEquals("*", VaryHeader.merge(List.of("Foo", "*"), "Accept-Encoding"));
    }

    @Test
    void without_dropsOneNameCaseInsensitively_keepingTheRest() {
        assertEquals("Accept-Language, Accept", VaryHeader.without("Accept-Language, Accept, Accept-Encoding", "accept-encoding"));
        assertEquals("", VaryHeader.without("Accept-Encoding", "Accept-Encoding"));
        assertEquals("", VaryHeader.without("", "Accept-Encoding"));
    }
}
