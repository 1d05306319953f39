package io.restcache.internal.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP-dates (RFC 9110 §5.6.7). Recipients must accept all three formats: IMF-fixdate, the obsolete
 * RFC 850 format (two-digit year) and ANSI C's asctime format. Senders use IMF-fixdate only.
 */
public final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}. */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US);

    /** {@code Sun Nov  6 08:49:37 1994} (a one-digit day is space-padded). */
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEE MMM ppd HH:mm:ss yyyy")
            .toFormatter(Locale.US);

    private HttpDates() {
    }

    /** An HTTP-date in any of the three formats, in epoch millis; empty when it is none of them. */
    public static Optional<Long> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.trim();
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli());
        } catch (DateTimeParseException notImf) {
            // try the obsolete formats
        }
        for (DateTimeFormatter obsolete : new DateTimeFormatter[] {RFC_850, ASCTIME}) {
            try {
                return Optional.of(LocalDateTime.parse(text, obsolete).toInstant(ZoneOffset.UTC).toEpochMilli());
            } catch (DateTimeParseException e) {
                // next format
            }
        }
        return Optional.empty();
    }

    /** Formats epoch millis as an IMF-fixdate. */
    public static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }
}
