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

    /** Served from the entry that another request (the flight's leader) just computed. */
    public static String collapsed(long ttlSeconds) {
        return hit(ttlSeconds) + "; collapsed";
    }

    /**
     * Served stale (RFC 5861): {@code ttl} is negative (how long ago the entry went stale), detail says
     * why ({@code stale-while-revalidate}, {@code stale-if-error}).
     */
    public static String stale(long ttlSeconds, String why) {
        return CACHE + "; fwd=stale; ttl=" + ttlSeconds + "; detail=" + token(why);
    }

    /** Forwarded to the method because nothing usable was stored; {@code stored} if its response now is. */
    public static String miss(boolean stored) {
        return forwarded("miss", stored);
    }

    /** Forwarded to the method without storing, for the reason given. */
    public static String missNotStored(String reason) {
        return forwardedNotStored("miss", reason);
    }

    /**
     * Forwarded to the method for the RFC 9211 {@code fwd} reason given ({@code miss}, or {@code request}
     * when the client's Cache-Control asked for it); {@code stored} if its response now is.
     */
    public static String forwarded(String fwd, boolean stored) {
        return CACHE + "; fwd=" + fwd + (stored ? "; stored" : "");
    }

    /** Forwarded to the method for the {@code fwd} reason given, and not stored, for the detail given. */
    public static String forwardedNotStored(String fwd, String detail) {
        return CACHE + "; fwd=" + fwd + "; detail=" + token(detail);
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
