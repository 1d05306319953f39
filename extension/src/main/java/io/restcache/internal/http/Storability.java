package io.restcache.internal.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a response may be stored by a shared cache (RFC 9111 §3), plus restcache's stricter rules.
 * Pure: it takes the status and the headers and returns the reason it may not be stored, if any.
 */
public final class Storability {

    private Storability() {
    }

    /**
     * @param status the response status
     * @param allowedStatuses the statuses the method's policy allows
     * @param headers response headers by lower-case name, as they finally go out
     * @param directives the response's caching directives in use ({@link CacheDirectives})
     * @param perUser whether the entry is keyed by user (then {@code private} responses may be kept)
     * @param keyedRequestHeaders the request headers (lower case) the key covers: a response {@code Vary}
     *        naming any other header would be served to clients it was not chosen for
     * @return the reason it must not be stored, or empty when it may be
     */
    public static Optional<String> refusal(int status, Set<Integer> allowedStatuses,
            Map<String, List<String>> headers, CacheDirectives directives, boolean perUser,
            Set<String> keyedRequestHeaders) {
        if (!allowedStatuses.contains(status)) {
            return Optional.of("status");
        }
        if (headers.containsKey("set-cookie") || headers.containsKey("set-cookie2")) {
            return Optional.of("set-cookie");
        }
        if (headers.containsKey("content-encoding")) {
            // coded by the application: restcache negotiates codings itself and cannot tell what this one needs
            return Optional.of("content-encoding");
        }
        CacheControl cc = directives.directives();
        if (cc.has("no-store")) {
            return Optional.of("no-store");
        }
        if (cc.has("no-cache")) {
            // reusable only after revalidation (RFC 9111 §5.2.2.4), which an in-application cache cannot do
            // without running the method: not storing is the same; no-cache="field" is treated alike
            return Optional.of("no-cache");
        }
        if (!perUser && cc.has("private")) {
            return Optional.of("private");
        }
        for (String vary : directives(headers.get("vary"))) {
            if (vary.equals("*")) {
                return Optional.of("vary-star");
            }
            if (!keyedRequestHeaders.contains(vary)) {
                return Optional.of("vary-uncovered");
            }
        }
        return Optional.empty();
    }

    /** Lower-cased, trimmed comma-separated elements of every line of a header. */
    static List<String> directives(List<String> lines) {
        if (lines == null) {
            return List.of();
        }
        return lines.stream()
                .flatMap(line -> java.util.Arrays.stream(line.split(",")))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
