package io.restcache.internal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LastResultTest {

    @Test
    void theSameInputAgain_isAnsweredWithoutCallingTheFunction() {
        AtomicInteger calls = new AtomicInteger();
        LastResult<String, String> upper = new LastResult<>(s -> {
            calls.incrementAndGet();
            return s.toUpperCase();
        });
        String first = upper.apply("gzip");
        assertEquals("GZIP", first);
        assertSame(first, upper.apply(new String("gzip")), "an equal input, not only the same object");
        assertEquals(1, calls.get());
    }

    @Test
    void anotherInput_isComputed_andThenRemembered() {
        AtomicInteger calls = new AtomicInteger();
        LastResult<Long, String> base36 = new LastResult<>(n -> {
            calls.incrementAndGet();
            return Long.toString(n, 36);
        });
        assertEquals("a", base36.apply(10L));
        assertEquals("b", base36.apply(11L));
        assertEquals("b", base36.apply(11L));
        assertEquals("a", base36.apply(10L), "only the last input is kept");
        assertEquals(3, calls.get());
    }
}
