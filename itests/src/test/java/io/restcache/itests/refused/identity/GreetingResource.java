package io.restcache.itests.refused.identity;

import io.restcache.Cached;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A shared method that personalises its body through Jakarta Security's {@code SecurityContext}, which
 * restcache cannot watch: the deployment must fail rather than serve one caller's greeting to everyone.
 */
@Path("greeting")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class GreetingResource {

    @Inject
    SecurityContext security;

    @GET
    @Cached(ttl = "60s", shared = true)
    public String greeting() {
        String who = security.getCallerPrincipal() == null ? "stranger" : security.getCallerPrincipal().getName();
        return "{\"hello\":\"" + who + "\"}";
    }
}
