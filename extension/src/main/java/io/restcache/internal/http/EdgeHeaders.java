package io.restcache.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a response tells the edge in front of restcache, as pure functions: its keys in the edge's
 * surrogate-key header, its RFC 9875 {@code Cache-Groups} (and, on an unsafe request's response,
 * {@code Cache-Group-Invalidation}), and how long the edge may keep it ({@code s-maxage} in
 * {@code Cache-Control}, never beyond what restcache itself keeps).
 */
public final class EdgeHeaders {

    /** RFC 9875 §2: the groups a stored response belongs to. */
    public static final String CACHE_GROUPS = "Cache-Groups";
    /** RFC 9875 §3: the groups an unsafe request's response invalidates. */
    public static final String CACHE_GROUP_INVALIDATION = "Cache-Group-Invalidation";

    private EdgeHeaders() {
    }

    /**
     * The surrogate-key header's value, or empty when the keys do not fit the edge's header limit (an
     * entry whose keys were cut short would escape their purges, so it is not handed to the edge).
     */
    public static Optional<String> keys(List<String> keys, char separator, int maxLength) {
        String joined = String.join(String.valueOf(separator), keys);
        return joined.length() > maxLength ? Optional.empty() : Optional.of(joined);
    }

    /**
     * A Structured Fields List of Strings (RFC 8941 §3.1, §3.3.3), the form of both RFC 9875 fields. Keys
     * are hex or percent-encoded (see {@code EdgeKeys}), so none holds a quote or a backslash to escape.
     */
    public static String groups(List<String> keys) {
        StringBuilder out = new StringBuilder();
        for (String key : keys) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append('"').append(key).append('"');
        }
        return out.toString();
    }

    /**
     * The {@code s-maxage} to hand the edge: with the response's {@code Age}, a cache that subtracts the
     * age (RFC 9111 §4.2.3) keeps the entry for its whole remaining seconds at most, never longer than
     * restcache keeps it fresh.
     *
     * @param ageSeconds the {@code Age} the response goes out with (0 without one)
     * @param remainingMillis how long the entry stays fresh in restcache from now
     */
    public static long sharedMaxAge(long ageSeconds, long remainingMillis) {
        return remainingMillis <= 0 ? 0 : ageSeconds + remainingMillis / 1000;
    }

    /**
     * {@code Cache-Control} with any {@code s-maxage} replaced by {@code s-maxage=<seconds>}, other
     * directives kept as written (quoted arguments included); empty when the response is {@code private}
     * or {@code no-store}, which no edge stores anyway and which stay as they are.
     *
     * @param lines the response's {@code Cache-Control} lines (none: absent)
     */
    public static Optional<String> withSharedMaxAge(List<String> lines, long seconds) {
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            for (String member : members(line)) {
                String name = name(member);
                if (name.equals("private") || name.equals("no-store")) {
                    return Optional.empty();
                }
                if (!name.isEmpty() && !name.equals("s-maxage")) {
                    kept.add(member);
                }
            }
        }
        kept.add("s-maxage=" + seconds);
        return Optional.of(String.join(", ", kept));
    }

    private static String name(String member) {
        int eq = member.indexOf('=');
        return (eq < 0 ? member : member.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
    }

    /** The comma-separated members of one line, trimmed; commas inside quoted strings do not split. */
    private static List<String> members(String line) {
        List<String> members = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\' && i + 1 < line.length()) {
                current.append(c).append(line.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                addMember(members, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        addMember(members, current);
        return members;
    }

    private static void addMember(List<String> members, StringBuilder member) {
        String trimmed = member.toString().trim();
        if (!trimmed.isEmpty()) {
            members.add(trimmed);
        }
    }
}
