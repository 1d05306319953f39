package io.restcache.http;

/**
 * Formats RFC 9211 {@code Cache-Status} header values for restcache as a cache named {@code restcache}.
 * Parameters are structured-field tokens, integers or strings (RFC 8941).
 */
public final class CacheStatus {

    /** The header name. */
    public static final String HEADER = "Cache-Status";

    private static final String CACHE = "restcache";

    private CacheStatus() {
    }

    /** A response served from the cache; {@code ttl} is the remaining freshness in seconds. */
    public static String hit(long ttlSeconds) {
        return CACHE + "; hit; ttl=" + ttlSeconds;
    }

    /** A response served from the cache, with a detail such as {@code near} or {@code redis}. */
    public static String hit(long ttlSeconds, String detail) {
        return hit(ttlSeconds) + "; detail=" + token(detail);
    }

    /** Forwarded to the method because nothing usable was stored; {@code stored} if its response now is. */
    public static String miss(boolean stored) {
        return CACHE + "; fwd=miss" + (stored ? "; stored" : "");
    }

    /** Forwarded to the method without storing, for the reason given. */
    public static String missNotStored(String reason) {
        return CACHE + "; fwd=miss; detail=" + token(reason);
    }

    /** The cache was not consulted for this request, for the reason given. */
    public static String bypass(String reason) {
        return CACHE + "; fwd=bypass; detail=" + token(reason);
    }

    /**
     * Reasons are written as sf-tokens when they are valid tokens (ours always are), else as strings.
     */
    static String token(String value) {
        if (value.matches("[A-Za-z*][A-Za-z0-9!#$%&'*+.^_`|~:/-]*")) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
