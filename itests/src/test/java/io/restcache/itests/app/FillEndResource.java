package io.restcache.itests.app;

import io.restcache.Cached;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Fills that end in unusual ways: an exception no mapper handles, a HEAD paused at the race gate. */
@Path("fill-end")
public class FillEndResource {

    @Inject
    Counters counters;

    @Inject
    RaceGate gate;

    /** Always throws an exception no ExceptionMapper of the application maps (the container answers 500). */
    @GET
    @Path("unmapped/{id}")
    @Cached(ttl = "60s")
    public String unmapped(@PathParam("id") String id) {
        counters.increment("unmapped-" + id);
        throw new IllegalStateException("an exception no mapper handles");
    }

    /** Pauses at the race gate, so a test can look at Redis while the method runs. */
    @GET
    @Path("gated/{id}")
    @Cached(ttl = "60s")
    public String gated(@PathParam("id") String id) throws InterruptedException {
        counters.increment("gated-" + id);
        gate.pause("fill-end-" + id);
        return "{\"id\":\"" + id + "\"}";
    }
}
