package io.restcache.itests.telemetry.app;

import io.restcache.Cached;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Polled until the cache is connected; a route of its own, so that its spans are told apart. */
@Path("probe")
public class ProbeResource {

    /** @return ok, cached briefly */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Cached(ttl = "1s")
    public String probe() {
        return "ok";
    }
}
