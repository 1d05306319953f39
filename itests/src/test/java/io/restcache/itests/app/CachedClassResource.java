package io.restcache.itests.app;

import io.restcache.Cached;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code @Cached} on a class: its GET method is cached, its POST and PUT methods are not (and deploy). */
@Path("cached-class")
@Produces(MediaType.APPLICATION_JSON)
@Cached(ttl = "60s")
public class CachedClassResource {

    @Inject
    Counters counters;

    @GET
    public String read() {
        return "{\"run\":" + counters.increment("cached-class") + "}";
    }

    @POST
    public String create() {
        return "{\"created\":" + counters.increment("cached-class-post") + "}";
    }

    @PUT
    public String replace() {
        return "{\"replaced\":" + counters.increment("cached-class-put") + "}";
    }
}
