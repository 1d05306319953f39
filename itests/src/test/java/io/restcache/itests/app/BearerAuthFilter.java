package io.restcache.itests.app;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;

/**
 * Demo authentication, as an application would have it: {@code Authorization: Bearer <name>} makes
 * {@code <name>} the request's principal, in role "user"; {@code Bearer admin-<name>} adds role "admin".
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String auth = request.getHeaderString("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return;
        }
        String name = auth.substring("Bearer ".length()).trim();
        Principal principal = () -> name;
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return role.equals("user") || (role.equals("admin") && name.startsWith("admin-"));
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        });
    }
}
