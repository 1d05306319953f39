package io.restcache.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentLengthTest {

    /** Regression: a declared length that was not the body's was stored; hits then sent the whole body. */
    @Test
    void disagrees_whenAnyDeclaredValueIsNotTheBodysLength() {
        assertTrue(ContentLength.disagrees(List.of("3"), 11));
        assertTrue(ContentLength.disagrees(List.of("11", "12"), 11));
        assertTrue(ContentLength.disagrees(List.of("eleven"), 11));
        assertFalse(ContentLength.disagrees(List.of(" 11 "), 11));
        assertFalse(ContentLength.disagrees(List.of(), 11));
        assertFalse(ContentLength.disagrees(null, 11));
    }
}
