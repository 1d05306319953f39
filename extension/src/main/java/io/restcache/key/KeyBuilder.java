package io.restcache.key;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Builds the Redis address of a response: one hash per <em>resource</em>, one field per <em>variant</em>.
 *
 * <h2>Grammar</h2>
 * Atoms are length-prefixed ({@link KeyWriter}); {@code n} is a count atom.
 * <pre>
 * resource  = "rc1" "res" route
 *             "path"  n (name value)*              ; path parameters, sorted by name
 *             "query" n (name m value*)*           ; sorted by name, values in request order
 *             [ "user" userHash ]                  ; only when the method varies by user
 * variant   = "rc1" "var"
 *             "hdr"    n (name m value*)*          ; the headers the policy varies on, in policy order;
 *                                                  ; an absent header is m = "-1", distinct from m = 0
 *             "cookie" n (name present value)*     ; "0" "" when absent, "1" value when present
 *             [ "accept" m value* ]                ; only when the method negotiates its media type
 *             [ "contrib" n (name present value)* ] ; only when the method names key contributors
 * redis key = prefix "v2:g" base36(generation) ":r:{" base64url(sha256(resource))[24 bytes] "}"
 * field     = base64url(sha256(variant))[24 bytes]
 * </pre>
 * Query parameters are sorted by name because a JAX-RS method reads them by name, so {@code ?a=1&b=2}
 * and {@code ?b=2&a=1} are the same resource; the values of one name keep their order and multiplicity,
 * since {@code List<String>} parameters see both. {@code ?q=} (one empty value) and no {@code q} differ.
 * Path and query names are case-sensitive, header names are not.
 *
 * <p>The whole resource id is the Redis hash tag ({@code {...}}), so everything of one resource sits in
 * one cluster slot. The "v2" names the Redis layout: a change of grammar or layout changes it, so nodes of different layouts never read each other's keys.
 */
public final class KeyBuilder {

    /** Names the key schema in every Redis key; bump it when this grammar changes. */
    public static final String SCHEMA = "v2";

    private final String prefix;

    public KeyBuilder(String prefix) {
        this.prefix = prefix;
    }

    /**
     * @param generation the namespace generation: bumping it makes every earlier key unreachable
     */
    public CacheKey build(KeySpec spec, KeyRequest request, long generation) {
        String resourceId = resourceId(spec, request);
        return new CacheKey(generation, resourceId, variantField(spec, request), resourceKey(generation, resourceId));
    }

    /** The Redis key of the hash that holds every variant of a resource. */
    public String resourceKey(long generation, String resourceId) {
        return namespace(generation) + "r:{" + resourceId + "}";
    }

    /** The prefix of every per-generation key: {@code <prefix>v2:g<generation in base 36>:}. */
    public String namespace(long generation) {
        return prefix + SCHEMA + ":g" + Long.toString(generation, 36) + ":";
    }

    /**
     * A fixed-length digest of a value that would otherwise appear in a key name (a tag, a path, a user
     * hash): Redis, its slow log and {@code MONITOR} then never see the value, and key names stay short.
     */
    public static String opaqueId(String value) {
        return new KeyWriter().atom("rc2").atom("idx").atom(value).digest();
    }

    /** The prefix of keys that outlive generations (control state, sequence): {@code <prefix>v2:}. */
    public String globalPrefix() {
        return prefix + SCHEMA + ":";
    }

    String resourceId(KeySpec spec, KeyRequest request) {
        KeyWriter w = new KeyWriter().atom("rc1").atom("res").atom(request.route());
        w.atom("path");
        writeMultimap(w, new TreeMap<>(request.pathParameters()));
        w.atom("query");
        TreeMap<String, List<String>> query = new TreeMap<>(request.queryParameters());
        if (!spec.queryNames().isEmpty()) {
            query.keySet().retainAll(spec.queryNames());
        }
        writeMultimap(w, query);
        if (spec.varyByUser()) {
            w.atom("user").atom(request.userHash().orElseThrow(
                    () -> new IllegalArgumentException("a per-user key needs the caller's hash")));
        }
        return w.digest();
    }

    String variantField(KeySpec spec, KeyRequest request) {
        return variantWriter(spec, request).digest();
    }

    KeyWriter variantWriter(KeySpec spec, KeyRequest request) {
        KeyWriter w = new KeyWriter().atom("rc1").atom("var");
        w.atom("hdr").count(spec.varyHeaders().size());
        for (String name : spec.varyHeaders()) {
            w.atom(name);
            writeHeaderValues(w, name, request.headers().get(name));
        }
        w.atom("cookie").count(spec.varyCookies().size());
        for (String name : spec.varyCookies()) {
            String value = request.cookies().get(name);
            w.atom(name).atom(value == null ? "0" : "1").atom(value == null ? "" : value);
        }
        if (spec.negotiatesMediaType()) {
            w.atom("accept");
            writeHeaderValues(w, "accept", request.headers().get("accept"));
        }
        if (!spec.contributors().isEmpty()) {
            w.atom("contrib").count(spec.contributors().size());
            for (String name : spec.contributors()) {
                String value = request.contributions().get(name);
                w.atom(name).atom(value == null ? "0" : "1").atom(value == null ? "" : value);
            }
        }
        return w;
    }

    private static void writeHeaderValues(KeyWriter w, String name, List<String> values) {
        if (values == null) {
            w.atom("-1");
            return;
        }
        w.count(values.size());
        for (String v : values) {
            w.atom(HeaderNormalizer.normalize(name, v));
        }
    }

    private static void writeMultimap(KeyWriter w, Map<String, List<String>> map) {
        w.count(map.size());
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            w.atom(e.getKey()).count(e.getValue().size());
            for (String v : e.getValue()) {
                w.atom(v);
            }
        }
    }

    /** Normalises header values only where the header's semantics allow it. */
    static final class HeaderNormalizer {
        /** Whitespace around list and parameter separators (compiled once: this runs on every lookup). */
        private static final Pattern SEPARATOR_SPACE = Pattern.compile("\\s*([,;])\\s*");

        private HeaderNormalizer() {
        }

        static String normalize(String lowerCaseName, String value) {
            String v = value.trim();
            switch (lowerCaseName) {
                case "accept-language":
                    // language tags are case-insensitive (RFC 5646 §2.1.1); list whitespace is not significant
                    return SEPARATOR_SPACE.matcher(v.toLowerCase(Locale.ROOT)).replaceAll("$1");
                case "accept":
                case "content-type":
                    // type, subtype and parameter names are case-insensitive (RFC 9110 §8.3.1); values are not
                    return normalizeMediaRanges(v);
                default:
                    return v;
            }
        }

        private static String normalizeMediaRanges(String v) {
            StringBuilder out = new StringBuilder(v.length());
            for (String range : v.split(",")) {
                if (out.length() > 0) {
                    out.append(',');
                }
                String[] parts = range.split(";");
                out.append(parts[0].trim().toLowerCase(Locale.ROOT));
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim();
                    int eq = p.indexOf('=');
                    out.append(';').append(eq < 0 ? p.toLowerCase(Locale.ROOT)
                            : p.substring(0, eq).trim().toLowerCase(Locale.ROOT) + "=" + p.substring(eq + 1).trim());
                }
            }
            return out.toString();
        }
    }
}
