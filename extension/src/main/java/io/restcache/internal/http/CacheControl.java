package io.restcache.internal.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code Cache-Control} field (RFC 9111 §5.2), or a field of the same syntax addressed to one
 * cache (RFC 9213: {@code CDN-Cache-Control}, {@code Restcache-Cache-Control}). Directive names are
 * case-insensitive; arguments may be tokens or quoted strings (which may contain commas); several field
 * lines form one list. Parsed once per header, here, so that every rule reads the same directives.
 */
public final class CacheControl {

    /** A field with no directives. */
    public static final CacheControl EMPTY = new CacheControl(Map.of());

    private final Map<String, String> directives;

    private CacheControl(Map<String, String> directives) {
        this.directives = directives;
    }

    /**
     * @param lines the field's lines (null or empty: absent)
     * @return its directives; on a repeated directive the first occurrence wins
     */
    public static CacheControl parse(List<String> lines) {
        if (lines == null || lines.isEmpty()) {
            return EMPTY;
        }
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String line : lines) {
            if (line != null) {
                parseLine(line, parsed);
            }
        }
        return parsed.isEmpty() ? EMPTY : new CacheControl(Collections.unmodifiableMap(parsed));
    }

    private static void parseLine(String line, Map<String, String> into) {
        int i = 0;
        int n = line.length();
        while (i < n) {
            int nameStart = i;
            while (i < n && line.charAt(i) != ',' && line.charAt(i) != '=') {
                i++;
            }
            String name = line.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            String argument = "";
            if (i < n && line.charAt(i) == '=') {
                i++;
                while (i < n && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) == '"') {
                    StringBuilder quoted = new StringBuilder();
                    i++;
                    while (i < n && line.charAt(i) != '"') {
                        if (line.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        quoted.append(line.charAt(i++));
                    }
                    i++;    // the closing quote
                    argument = quoted.toString();
                    while (i < n && line.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    int argStart = i;
                    while (i < n && line.charAt(i) != ',') {
                        i++;
                    }
                    argument = line.substring(argStart, i).trim();
                }
            }
            i++;    // the comma
            if (!name.isEmpty()) {
                into.putIfAbsent(name, argument);
            }
        }
    }

    /** Whether the field carries no directive at all. */
    public boolean isEmpty() {
        return directives.isEmpty();
    }

    /** Whether the directive is present (with or without an argument). */
    public boolean has(String directive) {
        return directives.containsKey(directive);
    }

    /**
     * A delta-seconds argument (RFC 9111 §1.2.2): non-negative digits; a value too large for a long is
     * treated as the largest one. Empty when the directive is absent or its argument is not delta-seconds
     * (an invalid {@code max-age} is then ignored here; callers that must be safe treat it as stale).
     */
    public Optional<Long> seconds(String directive) {
        String argument = directives.get(directive);
        if (argument == null || argument.isEmpty() || !argument.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(argument));
        } catch (NumberFormatException tooLarge) {
            return Optional.of(Long.MAX_VALUE);
        }
    }

    /** Whether a directive is present with an argument that is not valid delta-seconds. */
    public boolean invalidSeconds(String directive) {
        return has(directive) && seconds(directive).isEmpty();
    }

    @Override
    public String toString() {
        return directives.toString();
    }
}
