package io.restcache.itests.telemetry.app;

import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.InvalidateTags;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A cached read and the write that invalidates it. */
@Path("traced/{id}")
public class TracedResource {

    /** @return the item, cached */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Cached(ttl = "60s")
    @CacheTags("traced:{id}")
    public String get(@PathParam("id") String id) {
        return "item " + id;
    }

    /** @return nothing: the write invalidates the item's tag */
    @PUT
    @InvalidateTags("traced:{id}")
    public String put(@PathParam("id") String id) {
        return "changed " + id;
    }
}
