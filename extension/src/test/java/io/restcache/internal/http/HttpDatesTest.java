package io.restcache.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpDatesTest {

    /** Sun, 06 Nov 1994 08:49:37 GMT. */
    private static final long MODIFIED = 784111777000L;

    /** Regression: If-Modified-Since in the obsolete formats was ignored; RFC 9110 §5.6.7 says accept them. */
    @Test
    void parse_acceptsAllThreeFormats() {
        assertEquals(Optional.of(MODIFIED), HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(Optional.of(MODIFIED), HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(Optional.of(MODIFIED), HttpDates.parse("Sun Nov  6 08:49:37 1994"));
        assertEquals(Optional.empty(), HttpDates.parse("1994-11-06"));
        assertEquals(Optional.empty(), HttpDates.parse("0"));
    }

    @Test
    void format_writesImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(MODIFIED + 999));
    }

    @Test
    void preconditions_ifModifiedSince_inObsoleteFormats_gives304() {
        assertEquals(true, Preconditions.notModified(null, List.of("Sunday, 06-Nov-94 08:49:37 GMT"), "\"a\"", MODIFIED));
        assertEquals(true, Preconditions.notModified(null, List.of("Sun Nov  6 08:49:37 1994"), "\"a\"", MODIFIED));
    }
}
