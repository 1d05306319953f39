package io.restcache.itests.app;

import io.restcache.Cached;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Slow and failing methods for stampede protection and stale serving. Every run is counted. */
@Path("stampede")
@Produces(MediaType.APPLICATION_JSON)
public class StampedeResource {

    @Inject
    Counters counters;

    @Inject
    Failures failures;

    /** A slow backend: 300 ms per computation. */
    @GET
    @Path("slow/{id}")
    @Cached(ttl = "60s")
    public String slow(@PathParam("id") String id) throws InterruptedException {
        int run = counters.increment("slow-" + id);
        Thread.sleep(300);
        return "{\"id\":\"" + id + "\",\"run\":" + run + "}";
    }

    /** Expires every second; may be served stale for 30 s while one request refreshes it. */
    @GET
    @Path("swr/{id}")
    @Cached(ttl = "1s", staleWhileRevalidate = "30s")
    public String staleWhileRevalidate(@PathParam("id") String id) throws InterruptedException {
        int run = counters.increment("swr-" + id);
        Thread.sleep(50);
        return "{\"id\":\"" + id + "\",\"run\":" + run + "}";
    }

    /** Expires every second; may be served stale for 3 s while the method fails. */
    @GET
    @Path("sie/{id}")
    @Cached(ttl = "1s", staleIfError = "3s")
    public Response staleIfError(@PathParam("id") String id) {
        int run = counters.increment("sie-" + id);
        if (failures.failing(id)) {
            return Response.status(503).entity("{\"error\":\"backend down\"}").build();
        }
        return Response.ok("{\"id\":\"" + id + "\",\"run\":" + run + "}").build();
    }
}
