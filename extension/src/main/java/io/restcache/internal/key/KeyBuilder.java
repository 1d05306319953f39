package io.restcache.internal.key;

import io.restcache.internal.util.LastResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the Redis address of a response: one hash per <em>resource</em>, one field per <em>variant</em>.
 *
 * <h2>Grammar</h2>
 * Atoms are length-prefixed ({@link KeyWriter}); {@code n} is a count atom.
 * <pre>
 * resource  = "rc2" "res" route
 *             [ "auth" origin ]                    ; only when keyed by authority: scheme://host:port
 *             "path"  n (name value)*              ; path parameters, sorted by name
 *             "query" n (name m value*)*           ; the parameters that count, sorted by name, values in
 *                                                  ; request order
 *             [ "user" userHash ]                  ; only when the method varies by user
 * variant   = "rc2" "var"
 *             "hdr"    n (name hvalues)*           ; the headers the policy varies on, in policy order
 * hvalues   = "-1"                                 ; the header is absent (distinct from m = 0)
 *           | m value*                             ; the header's lines, normalised where semantics allow
 *           | "L" tag                              ; Accept-Language resolved against the supported
 *                                                  ; languages ("" when none matches); only for such methods
 *             "cookie" n (name present value)*     ; "0" "" when absent, "1" value when present
 *             [ "accept" m value* ]                ; only when the method negotiates its media type
 *             [ "contrib" n (name present value)* ] ; only when the method names key contributors
 * redis key = prefix "v3:g" base36(generation) ":r:{" base64url(sha256(resource))[16 bytes] "}"
 * field     = base64url(sha256(variant))[16 bytes]
 * </pre>
 * Query parameters are sorted by name because a JAX-RS method reads them by name, so {@code ?a=1&b=2}
 * and {@code ?b=2&a=1} are the same resource; the values of one name keep their order and multiplicity,
 * since {@code List<String>} parameters see both. {@code ?q=} (one empty value) and no {@code q} differ.
 * Path and query names are case-sensitive, header names are not. Which query parameters count is
 * fixed per method ({@link KeySpec#queryNames}): its declared ones unless it reads the whole query. The
 * origin is fixed per method to be in or out, so the optional atoms never make two readings possible;
 * an {@code Accept-Language} header that is not a valid list is keyed as {@code m value*}, whose first
 * atom is a number, never {@code "L"}.
 *
 * <p>The whole resource id is the Redis hash tag ({@code {...}}), so everything of one resource sits in
 * one cluster slot. The "v3" names the Redis layout (v3: 128-bit resource and index ids, v2: 192-bit): a change of grammar or layout changes it, so nodes of different layouts never read each other's keys.
 */
public final class KeyBuilder {

    /** Names the key schema in every Redis key; bump it when this grammar changes. */
    public static final String SCHEMA = "v3";

    /**
     * The first atom of every canonical form: the version of the grammar above. Bumping it changes every
     * resource id and variant field (old entries become unreachable misses) without renaming the Redis
     * layout that {@link #SCHEMA} names.
     */
    static final String GRAMMAR = "rc2";

    private final String prefix;
    private final LastResult<Long, String> namespaces;

    public KeyBuilder(String prefix) {
        this.prefix = prefix;
        this.namespaces = new LastResult<>(generation -> prefix + SCHEMA + ":g" + Long.toString(generation, 36) + ":");
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

    /** The prefix of every per-generation key: {@code <prefix>v3:g<generation in base 36>:}. */
    public String namespace(long generation) {
        return namespaces.apply(generation);     // one generation for days: built once, not per request
    }

    /**
     * A fixed-length digest of a value that would otherwise appear in a key name (a tag, a path, a user
     * hash): Redis, its slow log and {@code MONITOR} then never see the value, and key names stay short.
     */
    public static String opaqueId(String value) {
        return new KeyWriter().atom("rc2").atom("idx").atom(value).digest();
    }

    /** The prefix of keys that outlive generations (control state, sequence): {@code <prefix>v3:}. */
    public String globalPrefix() {
        return prefix + SCHEMA + ":";
    }

    String resourceId(KeySpec spec, KeyRequest request) {
        KeyWriter w = new KeyWriter().atom(GRAMMAR).atom("res").atom(request.route());
        if (spec.keysAuthority()) {
            w.atom("auth").atom(request.authority().orElseThrow(
                    () -> new IllegalArgumentException("a key by authority needs the request's origin")));
        }
        w.atom("path");
        writeMultimap(w, sorted(request.pathParameters()));
        w.atom("query");
        if (spec.allQueryParameters()) {
            writeMultimap(w, sorted(request.queryParameters()));
        } else {
            writeDeclared(w, spec.queryNames(), request.queryParameters());
        }
        if (spec.varyByUser()) {
            w.atom("user").atom(request.userHash().orElseThrow(
                    () -> new IllegalArgumentException("a per-user key needs the caller's hash")));
        }
        return w.digest();
    }

    /**
     * The field of a request's variant alone: it holds no origin, so one field names that representation
     * in every origin's resource (programmatic invalidation of a variant needs no host).
     */
    public String variantField(KeySpec spec, KeyRequest request) {
        return variantWriter(spec, request).digest();
    }

    KeyWriter variantWriter(KeySpec spec, KeyRequest request) {
        KeyWriter w = new KeyWriter().atom(GRAMMAR).atom("var");
        w.atom("hdr").count(spec.varyHeaders().size());
        for (String name : spec.varyHeaders()) {
            w.atom(name);
            List<String> values = request.headers().get(name);
            if (values != null && name.equals("accept-language") && !spec.supportedLanguages().isEmpty()) {
                Optional<String> chosen = LanguageLookup.lookup(values, spec.supportedLanguages());
                if (chosen != null) {
                    w.atom("L").atom(chosen.orElse(""));
                    continue;
                }
            }
            writeHeaderValues(w, name, values);
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

    /** The map in key order (a map of one entry is in order already: no copy, as for most requests). */
    private static Map<String, List<String>> sorted(Map<String, List<String>> map) {
        return map.size() <= 1 ? map : new TreeMap<>(map);
    }

    /**
     * The declared query parameters the request has, in name order: the same atoms as the whole query
     * sorted and cut down to them, without copying the whole query on every request.
     */
    private static void writeDeclared(KeyWriter w, Set<String> declared, Map<String, List<String>> query) {
        List<String> present = new ArrayList<>(declared.size());
        for (String name : declared) {
            if (query.containsKey(name)) {
                present.add(name);
            }
        }
        Collections.sort(present);
        w.count(present.size());
        for (String name : present) {
            List<String> values = query.get(name);
            w.atom(name).count(values.size());
            for (String v : values) {
                w.atom(v);
            }
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

    /** Normalises header values only where the header's semantics allow it; linear in the value's length. */
    static final class HeaderNormalizer {

        private HeaderNormalizer() {
        }

        static String normalize(String lowerCaseName, String value) {
            String v = value.trim();
            switch (lowerCaseName) {
                case "accept-language":
                    // language tags are case-insensitive (RFC 5646 §2.1.1); list whitespace is not significant
                    return withoutSpaceAroundSeparators(v.toLowerCase(Locale.ROOT));
                case "accept":
                case "content-type":
                    // type, subtype and parameter names are case-insensitive (RFC 9110 §8.3.1); values are not
                    return normalizeMediaRanges(v);
                default:
                    return v;
            }
        }

        /**
         * Drops whitespace next to {@code ,} and {@code ;} and keeps every other run, in one pass. (The
         * regex {@code \s*([,;])\s*} it replaces retried every start position of a long whitespace
         * run: quadratic in the run's length.)
         */
        static String withoutSpaceAroundSeparators(String v) {
            StringBuilder out = new StringBuilder(v.length());
            int runStart = -1;             // start of the pending whitespace run, -1 when none
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (isSpace(c)) {
                    if (runStart < 0) {
                        runStart = i;
                    }
                    continue;
                }
                boolean separator = c == ',' || c == ';';
                if (runStart >= 0 && !separator && !endsWithSeparator(out)) {
                    out.append(v, runStart, i);
                }
                runStart = -1;
                out.append(c);
            }
            return out.toString();          // a trailing run touches no further character: it is dropped
        }

        /** The characters of the regex class {@code \s}. */
        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
        }

        private static boolean endsWithSeparator(StringBuilder out) {
            if (out.length() == 0) {
                return false;
            }
            char last = out.charAt(out.length() - 1);
            return last == ',' || last == ';';
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
