package io.restcache.internal.http;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Formats {@link CacheOutcome}s as RFC 9211 {@code Cache-Status} members for restcache as a cache named
 * {@code restcache}. Parameters are structured-field tokens, integers or strings (RFC 8941).
 */
public final class CacheStatus {

    /** The header name. */
    public static final String HEADER = "Cache-Status";

    private static final String CACHE = "restcache";

    private CacheStatus() {
    }

    /**
     * restcache's member: {@code hit} or {@code fwd=…} first, then {@code fwd-status}, {@code ttl},
     * {@code stored}, {@code collapsed} and {@code detail}, each when it applies.
     */
    public static String format(CacheOutcome outcome) {
        StringBuilder member = new StringBuilder(CACHE);
        if (outcome.hit()) {
            member.append("; hit");
        } else {
            member.append("; fwd=").append(outcome.fwd());
        }
        outcome.fwdStatus().ifPresent(status -> member.append("; fwd-status=").append(status));
        outcome.ttl().ifPresent(ttl -> member.append("; ttl=").append(ttl));
        if (outcome.stored()) {
            member.append("; stored");
        }
        if (outcome.collapsed()) {
            member.append("; collapsed");
        }
        if (outcome.detail() != null) {
            member.append("; detail=").append(token(outcome.detail()));
        }
        return member.toString();
    }

    /**
     * The field value for a response that may already carry members of caches upstream of the method (a
     * proxied response): theirs are kept, in order, and restcache's is appended last (RFC 9211 §2: each
     * cache adds its member at the end, the one closest to the client last).
     *
     * @param upstreamLines the response's {@code Cache-Status} lines before restcache's (null: none)
     */
    public static String append(List<String> upstreamLines, CacheOutcome outcome) {
        String ours = format(outcome);
        if (upstreamLines == null || upstreamLines.isEmpty()) {
            return ours;
        }
        String upstream = upstreamLines.stream().map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.joining(", "));
        return upstream.isEmpty() ? ours : upstream + ", " + ours;
    }

    /**
     * Reasons are written as sf-tokens when they are valid tokens (ours always are), else as strings.
     */
    static String token(String value) {
        if (isToken(value)) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * An RFC 8941 token: {@code [A-Za-z*][A-Za-z0-9!#$%&'*+.^_`|~:/-]*}. A loop, not a regex: it runs on
     * every hit, and {@code String.matches} compiles its pattern on each call.
     */
    private static boolean isToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        char first = value.charAt(0);
        if (!(first >= 'A' && first <= 'Z' || first >= 'a' && first <= 'z' || first == '*')) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alnum = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (!alnum && TOKEN_PUNCTUATION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static final String TOKEN_PUNCTUATION = "!#$%&'*+.^_`|~:/-";
}
