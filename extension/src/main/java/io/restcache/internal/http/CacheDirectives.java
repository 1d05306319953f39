package io.restcache.internal.http;

import java.util.List;
import java.util.Map;

/**
 * The caching directives of a response that restcache obeys: the first present of the field addressed
 * to restcache alone ({@value #RESTCACHE_FIELD}, in the style of RFC 9213), {@code CDN-Cache-Control}
 * (RFC 9213, only when the deployment says restcache acts as a CDN) and {@code Cache-Control}. A
 * targeted field that is present replaces {@code Cache-Control} for restcache entirely (RFC 9213 §2.1),
 * and {@code Expires} applies only when {@code Cache-Control} is the field in use.
 *
 * @param directives the directives of the field in use
 * @param field the lower-case name of the field in use ({@code cache-control} when none is present)
 */
public record CacheDirectives(CacheControl directives, String field) {

    /** The response field by which an application steers restcache alone; it never leaves the server. */
    public static final String RESTCACHE_FIELD = "Restcache-Cache-Control";

    /** RFC 9213's field for CDNs: passed on untouched, obeyed only when configured. */
    public static final String CDN_FIELD = "CDN-Cache-Control";

    private static final String GENERAL_FIELD = "cache-control";

    /**
     * @param headers response headers by lower-case name
     * @param honourCdn whether {@code CDN-Cache-Control} addresses restcache
     */
    public static CacheDirectives of(Map<String, List<String>> headers, boolean honourCdn) {
        for (String targeted : honourCdn ? List.of("restcache-cache-control", "cdn-cache-control")
                : List.of("restcache-cache-control")) {
            CacheControl parsed = CacheControl.parse(headers.get(targeted));
            if (!parsed.isEmpty()) {
                return new CacheDirectives(parsed, targeted);
            }
        }
        return new CacheDirectives(CacheControl.parse(headers.get(GENERAL_FIELD)), GENERAL_FIELD);
    }

    /** Whether the field in use is {@code Cache-Control} (then {@code Expires} counts too). */
    public boolean general() {
        return field.equals(GENERAL_FIELD);
    }
}
