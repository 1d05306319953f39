package io.restcache.bench.app;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;

/**
 * Benchmark-only authentication, not security: {@code X-Bench-User: <name>} makes the request that user's,
 * so that the per-user endpoint ({@code /per-user/{size}}) stores one variant per caller. It runs at
 * {@link Priorities#AUTHENTICATION}, before restcache's lookup, as a real authentication filter would.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BenchCallerFilter implements ContainerRequestFilter {

    /** The header naming the caller. */
    public static final String HEADER = "X-Bench-User";

    @Override
    public void filter(ContainerRequestContext request) {
        String name = request.getHeaderString(HEADER);
        if (name == null || name.isBlank()) {
            return;
        }
        boolean secure = request.getSecurityContext().isSecure();
        Principal caller = () -> name;
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "bench";
            }
        });
    }
}
