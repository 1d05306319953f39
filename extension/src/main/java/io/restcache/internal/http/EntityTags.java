package io.restcache.internal.http;

import io.restcache.internal.util.ShortDigest;
import java.util.ArrayList;
import java.util.List;

/** Entity tags (RFC 9110 §8.8.3): strong tags derived from a body, and If-None-Match evaluation. */
public final class EntityTags {

    private EntityTags() {
    }

    /** A strong entity tag for these exact bytes: {@code "<base64url of 128 bits of SHA-256>"}. */
    public static String strongFor(byte[] body) {
        return '"' + ShortDigest.of(body, 16) + '"';
    }

    /**
     * Whether an {@code If-None-Match} condition fails for a representation with this entity tag, so
     * that a GET or HEAD is answered 304 (RFC 9110 §13.1.2). Uses the weak comparison; {@code *}
     * matches any current representation. Several header lines are treated as one list.
     *
     * @param ifNoneMatchLines the header's lines, possibly empty
     * @param currentTag the representation's entity tag (with quotes, possibly {@code W/}-prefixed)
     */
    public static boolean noneMatchFails(List<String> ifNoneMatchLines, String currentTag) {
        if (currentTag == null) {
            return false;
        }
        String current = opaque(currentTag);
        for (String line : ifNoneMatchLines) {
            for (String candidate : parseList(line)) {
                if (candidate.equals("*") || opaque(candidate).equals(current)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Splits an entity-tag list, respecting quotes (an opaque tag may contain a comma). */
    static List<String> parseList(String line) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            if (line.startsWith("W/", i)) {
                i += 2;
            }
            if (i < n && line.charAt(i) == '"') {
                int close = line.indexOf('"', i + 1);
                i = close < 0 ? n : close + 1;
            } else {
                while (i < n && line.charAt(i) != ',') {
                    i++;
                }
            }
            tags.add(line.substring(start, i).trim());
        }
        return tags;
    }

    /** The tag without its weakness indicator: weak comparison compares only this part. */
    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
