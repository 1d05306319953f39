package io.restcache.internal.jaxrs;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Wraps the request's SecurityContext for a method cached as shared, and notes when the method asks who
 * the caller is. A shared response that depended on the caller's identity must not be stored: it would
 * be served to everyone else. It sees reads through JAX-RS's {@code SecurityContext} only; reads through
 * Jakarta Security's {@code SecurityContext}, an EJB context or the servlet request are invisible to it.
 */
final class IdentityWatchingSecurityContext implements SecurityContext {

    private final SecurityContext delegate;
    private final CacheExchange exchange;

    IdentityWatchingSecurityContext(SecurityContext delegate, CacheExchange exchange) {
        this.delegate = delegate;
        this.exchange = exchange;
    }

    @Override
    public Principal getUserPrincipal() {
        exchange.identityRead();
        return delegate.getUserPrincipal();
    }

    @Override
    public boolean isUserInRole(String role) {
        exchange.identityRead();
        return delegate.isUserInRole(role);
    }

    @Override
    public boolean isSecure() {
        return delegate.isSecure();
    }

    @Override
    public String getAuthenticationScheme() {
        exchange.identityRead();
        return delegate.getAuthenticationScheme();
    }
}
