package io.restcache.internal.key;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves an {@code Accept-Language} request header to one of the languages an application serves,
 * with the RFC 4647 §3.4 lookup ({@link Locale#lookupTag}): the most preferred range is truncated from
 * the right until a supported tag matches, ranges with q=0 never match, {@code *} matches nothing by
 * itself. A cached variant is then one per supported language (plus one for "none of them"), however
 * many distinct headers clients send.
 */
final class LanguageLookup {

    private LanguageLookup() {
    }

    /**
     * @param headerLines the header's lines, in request order (several lines are one comma-separated list)
     * @param supported the supported tags, in the application's preference order
     * @return the chosen tag (as written in {@code supported}), empty for "none matches", or null when
     *         the header is not a valid language-range list (the caller keys on the header instead)
     */
    static Optional<String> lookup(List<String> headerLines, List<String> supported) {
        String joined = String.join(",", headerLines);
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(joined);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        return Optional.ofNullable(Locale.lookupTag(ranges, supported));
    }
}
