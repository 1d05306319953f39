package io.restcache.internal.http;

import java.util.List;
import java.util.Optional;

/**
 * Evaluates a GET/HEAD request's conditional headers against a stored representation (RFC 9110 §13.2.2).
 *
 * <p>restcache answers only the cases that end in 304; everything a cache cannot decide alone
 * ({@code If-Match}, {@code If-Unmodified-Since}, {@code Range}, {@code If-Range}) is handed to the
 * method by the lookup before this runs. Of the rest, in the order of §13.2.2:
 * <ol>
 *   <li>{@code If-None-Match} present: 304 when it matches (weak comparison, lists, {@code *}), else 200;
 *       {@code If-Modified-Since} is then ignored (§13.1.3).</li>
 *   <li>else {@code If-Modified-Since}, a single valid HTTP-date (any of the three formats recipients must
 *       accept, RFC 9110 §5.6.7): 304 when the representation was last
 *       modified at or before it; an invalid date or several values are ignored.</li>
 * </ol>
 */
public final class Preconditions {

    private Preconditions() {
    }

    /**
     * @param ifNoneMatch the request's {@code If-None-Match} lines (null or empty: absent)
     * @param ifModifiedSince the request's {@code If-Modified-Since} lines (null or empty: absent)
     * @param etag the selected representation's entity tag
     * @param lastModifiedMillis when it was last modified (the method's {@code Last-Modified}, or when it was stored)
     * @return whether to answer 304 Not Modified
     */
    public static boolean notModified(List<String> ifNoneMatch, List<String> ifModifiedSince, String etag,
            long lastModifiedMillis) {
        if (ifNoneMatch != null && !ifNoneMatch.isEmpty()) {
            return EntityTags.noneMatchFails(ifNoneMatch, etag);
        }
        if (ifModifiedSince == null || ifModifiedSince.size() != 1) {
            return false;
        }
        return parseHttpDate(ifModifiedSince.get(0))
                .map(since -> lastModifiedMillis / 1000 <= since / 1000)
                .orElse(false);
    }

    /** An HTTP-date in any of its three formats (see {@link HttpDates#parse}), in epoch millis. */
    public static Optional<Long> parseHttpDate(String value) {
        return HttpDates.parse(value);
    }
}
