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

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    /** The last second formatted and its text: responses of one second share it. */
    private record Formatted(long epochSecond, String text) {
    }

    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    /**
     * Formats epoch millis as an IMF-fixdate. It runs on every stored response and on every hit (a stored
     * entry's Date is rebuilt from its stored-at time), so it writes the fixed-length form itself instead
     * of going through {@link DateTimeFormatter}, and remembers the last second it formatted.
     */
    public static String format(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Formatted previous = last;
        if (previous.epochSecond() == second) {
            return previous.text();
        }
        String text = imfFixdate(second);
        last = new Formatted(second, text);
        return text;
    }

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}, for years 1000–9999; other years through the formatter. */
    static String imfFixdate(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
        }
        StringBuilder b = new StringBuilder(29);
        b.append(DAYS[t.getDayOfWeek().ordinal()]).append(", ");
        twoDigits(b, t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ').append(t.getYear())
                .append(' ');
        twoDigits(b, t.getHour()).append(':');
        twoDigits(b, t.getMinute()).append(':');
        return twoDigits(b, t.getSecond()).append(" GMT").toString();
    }

    private static StringBuilder twoDigits(StringBuilder b, int value) {
        return b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
