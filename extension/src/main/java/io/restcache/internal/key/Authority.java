package io.restcache.internal.key;

import io.restcache.internal.util.LastResult;
import java.net.URI;
import java.util.Locale;

/**
 * The effective origin of a request in the form keys use: {@code scheme "://" authority}, exactly as the
 * request URI JAX-RS resolved carries them, user information dropped. Nothing is folded: {@code Host:
 * tenant-a}, {@code Host: Tenant-A} and {@code Host: tenant-a:80} are three origins, because the
 * application sees three different base URIs and may write them into its bodies (links); an entry is
 * only ever shared by requests for which {@code UriInfo.getBaseUri()} has the same scheme and authority.
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
        String scheme = requestUri.getScheme() == null ? "" : requestUri.getScheme();
        String authority = requestUri.getRawAuthority() == null ? "" : requestUri.getRawAuthority();
        return LAST.apply(new Parts(scheme, authority));    // nearly every request names the origin the one before named
    }

    private record Parts(String scheme, String authority) {
    }

    private static String origin(Parts p) {
        int at = p.authority().lastIndexOf('@');
        return p.scheme() + "://" + (at < 0 ? p.authority() : p.authority().substring(at + 1));
    }

    private static final LastResult<Parts, String> LAST = new LastResult<>(Authority::origin);
}
