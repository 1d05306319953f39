package io.restcache.internal.http;

import java.util.Locale;
import java.util.Set;

/**
 * Which response headers a stored entry keeps for replay on hits. Headers that describe one exchange
 * rather than the representation are never replayed: hop-by-hop headers (RFC 9110 §7.6.1), cookies,
 * the age that the cache recomputes, request/trace ids, and the field addressed to restcache alone. The
 * {@code Date} is kept: a cache passes on the origin's (RFC 9110 §6.6.1), and {@code Age} counts from it.
 */
public final class ReplayHeaders {

    private static final Set<String> NEVER = Set.of(
            // hop-by-hop and framing
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "content-length",
            // per exchange
            "set-cookie", "set-cookie2", "age", "cache-status", "www-authenticate",
            "proxy-authenticate", "x-request-id", "x-correlation-id", "request-id", "traceparent", "tracestate",
            "b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "server-timing",
            "restcache-cache-control");

    private ReplayHeaders() {
    }

    /**
     * @param name a response header name
     * @param connectionListed header names (lower case) that the response's {@code Connection} header lists
     */
    public static boolean replayable(String name, Set<String> connectionListed) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !NEVER.contains(lower) && !connectionListed.contains(lower);
    }
}
