package io.restcache.itests.refused.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;

/**
 * Demo authentication through Jakarta Security, so that the container itself knows the caller (as with
 * a real identity provider): {@code Authorization: Bearer <name>} logs {@code <name>} in with group
 * "user", plus "admin" when the name starts with {@code admin-}. No header: anonymous.
 */
@ApplicationScoped
public class BearerAuthMechanism implements HttpAuthenticationMechanism {

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String auth = request.getHeader("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return context.doNothing();
        }
        String name = auth.substring("Bearer ".length()).trim();
        Set<String> groups = name.startsWith("admin-") ? Set.of("user", "admin") : Set.of("user");
        return context.notifyContainerAboutLogin(name, groups);
    }
}
