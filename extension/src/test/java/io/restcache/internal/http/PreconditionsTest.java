package io.restcache.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreconditionsTest {

    /** Sun, 06 Nov 1994 08:49:37 GMT. */
    private static final long MODIFIED = 784111777000L;

    @Test
    void ifNoneMatch_decides_andIfModifiedSinceIsThenIgnored() {
        assertTrue(Preconditions.notModified(List.of("\"a\""), List.of("Sun, 06 Nov 1994 08:49:00 GMT"), "\"a\"", MODIFIED));
        assertFalse(Preconditions.notModified(List.of("\"b\""), List.of("Sun, 06 Nov 2094 08:49:37 GMT"), "\"a\"", MODIFIED));
    }

    @Test
    void ifModifiedSince_withoutIfNoneMatch_comparesAtSecondPrecision() {
        assertTrue(Preconditions.notModified(null, List.of("Sun, 06 Nov 1994 08:49:37 GMT"), "\"a\"", MODIFIED + 999));
        assertTrue(Preconditions.notModified(List.of(), List.of("Mon, 07 Nov 1994 08:49:37 GMT"), "\"a\"", MODIFIED));
        assertFalse(Preconditions.notModified(null, List.of("Sun, 06 Nov 1994 08:49:36 GMT"), "\"a\"", MODIFIED));
    }

    @Test
    void invalidOrRepeatedIfModifiedSince_isIgnored() {
        assertFalse(Preconditions.notModified(null, List.of("yesterday"), "\"a\"", MODIFIED));
        assertFalse(Preconditions.notModified(null, List.of("Mon, 07 Nov 1994 08:49:37 GMT",
                "Mon, 07 Nov 1994 08:49:37 GMT"), "\"a\"", MODIFIED));
        assertFalse(Preconditions.notModified(null, null, "\"a\"", MODIFIED));
    }

    @Test
    void parseHttpDate_readsImfFixdate() {
        assertEquals(Optional.of(MODIFIED), Preconditions.parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(Optional.empty(), Preconditions.parseHttpDate("1994-11-06"));
    }
}
