package io.restcache.key;

import java.net.URI;
import java.util.Locale;

/**
 * The effective origin of a request in the form keys use: {@code scheme "://" host ":" port}, scheme
 * and host lower-cased (both are case-insensitive, RFC 3986 §3.1 and §3.2.2), the port made explicit
 * from the scheme's default, user information dropped. {@code Host: Tenant-A} and {@code Host: tenant-a:80}
 * are one origin; {@code tenant-a} and {@code tenant-b}, or http and https, are two.
 *
 * <p>It is read from the URI JAX-RS resolved for the request, never from a header: where the server is
 * configured to honour {@code Forwarded}/{@code X-Forwarded-*}, that URI reflects them and so does the
 * key; where it is not, those headers change nothing.
 */
public final class Authority {

    private Authority() {
    }

    /** The origin of an absolute request URI. */
    public static String of(URI requestUri) {
        String scheme = requestUri.getScheme() == null ? "" : requestUri.getScheme().toLowerCase(Locale.ROOT);
        String host = requestUri.getHost();
        if (host == null) {
            // a registry-based authority (not host:port): key on it as it is, only case folded
            String raw = requestUri.getRawAuthority();
            return scheme + "://" + (raw == null ? "" : raw.toLowerCase(Locale.ROOT));
        }
        int port = requestUri.getPort() >= 0 ? requestUri.getPort() : defaultPort(scheme);
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }
}
