package io.restcache.internal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations users write in annotations and config: {@code 250ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT30S}).
 */
public final class Durations {

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * @param key what the value belongs to (a config key or {@code Class#method ttl}), named in errors
     * @param text the value
     * @return the duration, which may be zero; callers check their own lower bound
     * @throws InvalidConfigurationException when the text is not a duration
     */
    public static Duration parse(String key, String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_FORM.matcher(trimmed);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Duration.ofMillis(amount);
                case "s": return Duration.ofSeconds(amount);
                case "m": return Duration.ofMinutes(amount);
                case "h": return Duration.ofHours(amount);
                default: return Duration.ofDays(amount);
            }
        }
        if (trimmed.startsWith("p")) {
            try {
                Duration parsed = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
                if (!parsed.isNegative()) {
                    return parsed;
                }
            } catch (DateTimeParseException e) {
                // falls through to the error below, which names the key
            }
        }
        throw InvalidConfigurationException.of(key, "a duration such as 250ms, 30s, 5m, 2h, 1d or PT30S", text);
    }

    /** Like {@link #parse} but also requires the duration to be positive. */
    public static Duration parsePositive(String key, String text) {
        Duration d = parse(key, text);
        if (d.isZero()) {
            throw InvalidConfigurationException.of(key, "a positive duration", text);
        }
        return d;
    }
}
