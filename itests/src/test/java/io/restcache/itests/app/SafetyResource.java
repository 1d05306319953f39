package io.restcache.itests.app;

import io.restcache.Cached;
import io.restcache.VaryBy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** Resource methods for the keying, safety and HTTP-semantics rules. Every run is counted. */
@Path("safety")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class SafetyResource {

    @Inject
    Counters counters;

    /**
     * The guard enforces exactly this method's {@code @RolesAllowed}, which restcache itself checks before
     * answering a hit, so skipping the guard on a hit refuses no one it would have let in: declared hit-safe.
     */
    @GET
    @Path("admin-report")
    @Cached(ttl = "60s", shared = true, hitSafeInterceptors = Guarded.class)
    @RolesAllowed("admin")
    @Guarded
    public String adminReport() {
        return "{\"report\":\"secret numbers\",\"run\":" + counters.increment("admin-report") + "}";
    }

    @GET
    @Path("greeting")
    @Cached(ttl = "60s", shared = true)
    public String greeting(@Context SecurityContext security) {
        String who = security.getUserPrincipal() == null ? "stranger" : security.getUserPrincipal().getName();
        return "{\"hello\":\"" + who + "\",\"run\":" + counters.increment("greeting") + "}";
    }

    @GET
    @Path("language")
    @Cached(ttl = "60s")
    @VaryBy(headers = "Accept-Language")
    public String language(@HeaderParam("Accept-Language") String language) {
        return "{\"language\":\"" + language + "\",\"run\":" + counters.increment("language") + "}";
    }

    @GET
    @Path("tenant")
    @Cached(ttl = "60s")
    @VaryBy(contributors = "tenant")
    public String tenant(@HeaderParam("X-Tenant") String tenant) {
        return "{\"tenant\":\"" + tenant + "\",\"run\":" + counters.increment("tenant") + "}";
    }

    @GET
    @Path("vary-uncovered")
    @Cached(ttl = "60s")
    public Response varyUncovered() {
        return Response.ok("{\"run\":" + counters.increment("vary-uncovered") + "}").header("Vary", "X-Custom").build();
    }

    @GET
    @Path("compressible")
    @Cached(ttl = "60s")
    public String compressible() {
        return "{\"run\":" + counters.increment("compressible") + ",\"items\":[" + "{\"name\":\"item\",\"v\":1},".repeat(300)
                + "{}]}";
    }
}
