package io.restcache.itests.app;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Lets tests read {@link Counters} over HTTP. Not cached. */
@Path("counters")
public class CounterResource {

    @Inject
    Counters counters;

    @GET
    @Path("{name}")
    @Produces(MediaType.TEXT_PLAIN)
    public String count(@PathParam("name") String name) {
        return Integer.toString(counters.get(name));
    }
}
