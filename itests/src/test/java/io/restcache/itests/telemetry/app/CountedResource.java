package io.restcache.itests.telemetry.app;

import io.restcache.Cached;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A cached route of its own for the metrics test, so that its spans never mix with the traced route's. */
@Path("counted")
public class CountedResource {

    /** @return a constant, cached */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Cached(ttl = "60s")
    public String counted() {
        return "counted";
    }
}
