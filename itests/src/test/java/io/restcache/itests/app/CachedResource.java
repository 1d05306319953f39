package io.restcache.itests.app;

import io.restcache.CacheContext;
import io.restcache.Cached;
import io.restcache.VaryBy;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/**
 * Resource methods whose every run is counted, each showing one caching rule. Bodies name the run
 * number, so a test can tell a replay from a fresh computation.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class CachedResource {

    @Inject
    Counters counters;

    @Inject
    CacheContext cacheContext;

    @GET
    @Path("items/{id}")
    @Cached(ttl = "60s")
    public String item(@PathParam("id") String id) {
        int run = counters.increment("item-" + id);
        return "{\"id\":\"" + id + "\",\"run\":" + run + ",\"filler\":\"" + "x".repeat(2000) + "\"}";
    }

    /** No restcache annotation: a successful DELETE still drops the cached GET of its target (RFC 9111 §4.4). */
    @DELETE
    @Path("items/{id}")
    public Response deleteItem(@PathParam("id") String id) {
        return Response.noContent().build();
    }

    @GET
    @Path("short/{id}")
    @Cached(ttl = "1s")
    public String shortLived(@PathParam("id") String id) {
        return "{\"run\":" + counters.increment("short-" + id) + "}";
    }

    @GET
    @Path("uncached")
    public String uncached() {
        return "{\"run\":" + counters.increment("uncached") + "}";
    }

    @GET
    @Path("search")
    @Cached(ttl = "60s")
    public String search(@QueryParam("q") List<String> q) {
        return "{\"q\":\"" + q + "\",\"run\":" + counters.increment("search") + "}";
    }

    @GET
    @Path("me")
    @Cached(ttl = "60s")
    @VaryBy(user = true)
    public String me(@Context SecurityContext security) {
        String name = security.getUserPrincipal() == null ? "anonymous" : security.getUserPrincipal().getName();
        return "{\"user\":\"" + name + "\",\"run\":" + counters.increment("me") + "}";
    }

    @GET
    @Path("shared-profile")
    @Cached(ttl = "60s", shared = true)
    public String sharedProfile() {
        return "{\"profile\":\"public\",\"run\":" + counters.increment("shared-profile") + "}";
    }

    @GET
    @Path("with-cookie")
    @Cached(ttl = "60s")
    public Response withCookie() {
        int run = counters.increment("with-cookie");
        return Response.ok("{\"run\":" + run + "}").cookie(new NewCookie.Builder("session").value("s" + run).build())
                .build();
    }

    @GET
    @Path("no-store")
    @Cached(ttl = "60s")
    public Response noStore() {
        return Response.ok("{\"run\":" + counters.increment("no-store") + "}").header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("missing/{id}")
    @Cached(ttl = "60s")
    public Response missing(@PathParam("id") String id) {
        counters.increment("missing");
        return Response.status(404).entity("{\"error\":\"no " + id + "\"}").build();
    }

    @GET
    @Path("big")
    @Cached(ttl = "60s", maxBodySize = 1000)
    public String big() {
        return "{\"run\":" + counters.increment("big") + ",\"filler\":\"" + "y".repeat(5000) + "\"}";
    }

    @GET
    @Path("vetoed")
    @Cached(ttl = "60s")
    public String vetoed() {
        cacheContext.doNotStore();
        return "{\"run\":" + counters.increment("vetoed") + "}";
    }
}
