package io.restcache.itests.app;

import io.restcache.Cached;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A sub-resource (no {@code @Path}): reached only through {@link OwnerResource}'s locators. */
@Produces(MediaType.APPLICATION_JSON)
public class PostsSubResource {

    private final String owner;
    private final String id;
    private final Counters counters;

    PostsSubResource(String owner, String id, Counters counters) {
        this.owner = owner;
        this.id = id;
        this.counters = counters;
    }

    @GET
    @Cached(ttl = "60s")
    public String list() {
        return "{\"owner\":\"" + owner + ":" + id + "\",\"run\":" + counters.increment("posts-" + owner) + "}";
    }
}
