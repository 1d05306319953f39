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

    @Test
    void format_isWhatTheJdksImfFormatterWrites_forEverySecondTried_andTheRememberedSecondToo() {
        java.time.format.DateTimeFormatter jdk = java.time.format.DateTimeFormatter
                .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(java.time.ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            // 1970 to 2200, plus the edges of days, months, leap years
            long millis = i < 10_000 ? random.nextLong(7_258_118_400_000L) : 951_782_399_000L + (i - 10_000) * 1_000L;
            String expected = jdk.format(java.time.Instant.ofEpochMilli(millis));
            assertEquals(expected, HttpDates.format(millis), "at " + millis);
            assertEquals(expected, HttpDates.format(millis), "again at " + millis);      // from the remembered second
        }
        assertEquals(jdk.format(java.time.Instant.ofEpochSecond(-62_000_000_000L)), HttpDates.imfFixdate(-62_000_000_000L));
    }
}
