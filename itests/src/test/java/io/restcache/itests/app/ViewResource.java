package io.restcache.itests.app;

import io.restcache.Cached;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A cached method that returns an object rather than a string: its body is whatever the server's
 * JSON-B writer produced. The JSON name comes from a JSON-B annotation, so a test can tell that JSON-B
 * (the Jakarta EE default) wrote it and not some other JSON provider.
 */
@Path("views")
@Produces(MediaType.APPLICATION_JSON)
public class ViewResource {

    @Inject
    Counters counters;

    /** What {@link #view} answers. */
    public record ItemView(@JsonbProperty("item-id") String itemId, int run) {
    }

    @GET
    @Path("{id}")
    @Cached(ttl = "60s")
    public ItemView view(@PathParam("id") String id) {
        return new ItemView(id, counters.increment("view-" + id));
    }
}
