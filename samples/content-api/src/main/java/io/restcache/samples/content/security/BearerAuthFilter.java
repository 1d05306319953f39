package io.restcache.samples.content.security;

import io.restcache.samples.content.data.ContentStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * Demo authentication, not security: {@code Authorization: Bearer <username>} of a known user
 * authenticates as that user. No header means an anonymous caller; any other header (an unknown user,
 * another scheme) is answered 401, as a real token check would answer a bad token.
 *
 * <p>It runs at {@link Priorities#AUTHENTICATION}, before restcache's filters, so that the cache
 * sees who is calling when it decides whether a response may be shared.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class BearerAuthFilter implements ContainerRequestFilter {

    private static final String SCHEME = "Bearer";

    @Inject
    ContentStore store;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return;
        }
        Optional<Caller> caller = username(header)
                .flatMap(name -> store.userIdByUsername(name).map(id -> new Caller(id, name)));
        if (caller.isEmpty()) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, Caller.CHALLENGE + ", error=\"invalid_token\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "unknown user or malformed Authorization header"))
                    .build());
            return;
        }
        request.setSecurityContext(new BearerSecurityContext(caller.get(), request.getSecurityContext().isSecure()));
    }

    private static Optional<String> username(String header) {
        if (!header.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            return Optional.empty();
        }
        String token = header.substring(SCHEME.length() + 1).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** Every known user has the one role {@code user}. */
    private record BearerSecurityContext(Caller caller, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return "user".equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return SCHEME;
        }
    }
}
