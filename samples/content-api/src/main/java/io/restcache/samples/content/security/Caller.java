package io.restcache.samples.content.security;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * The authenticated user of a request, as {@link BearerAuthFilter} put it in the request's
 * {@link SecurityContext}: the principal name is the username, and the id saves a lookup.
 */
public record Caller(long id, String username) implements Principal {

    /** The challenge of every 401 this API answers. */
    static final String CHALLENGE = "Bearer realm=\"content-api\"";

    @Override
    public String getName() {
        return username;
    }

    /**
     * The caller of a request that needs one.
     *
     * @throws NotAuthorizedException (401) for an anonymous request
     */
    public static Caller require(SecurityContext security) {
        if (security.getUserPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw new NotAuthorizedException(CHALLENGE);
    }
}
