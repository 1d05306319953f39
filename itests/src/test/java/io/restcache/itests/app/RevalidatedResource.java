package io.restcache.itests.app;

import io.restcache.Cached;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A resource that evaluates preconditions (JAX-RS {@code Request.evaluatePreconditions}) against a version
 * it sets as its ETag or Last-Modified, counting full builds and 304s apart: revalidation by the method.
 */
@Path("revalidated")
@Produces(MediaType.APPLICATION_JSON)
public class RevalidatedResource {

    private static final Map<String, Integer> VERSIONS = new ConcurrentHashMap<>();

    @Inject
    Counters counters;

    @Context
    Request request;

    @GET
    @Path("etag/{id}")
    @Cached(ttl = "1s", shared = true)
    public Response byTag(@PathParam("id") String id) {
        int version = VERSIONS.getOrDefault(id, 1);
        EntityTag tag = new EntityTag("v" + version + "-" + id);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            counters.increment("revalidated-304-" + id);
            return unchanged.header("X-Checked", "304-" + counters.get("revalidated-304-" + id)).build();
        }
        int built = counters.increment("revalidated-built-" + id);
        return Response.ok("{\"id\":\"" + id + "\",\"version\":" + version + ",\"built\":" + built + "}")
                .tag(tag).header("X-Checked", "built").header("X-Stored-Only", "from-the-200").build();
    }

    @GET
    @Path("modified/{id}")
    @Cached(ttl = "1s", shared = true)
    public Response byDate(@PathParam("id") String id) {
        Date lastModified = new Date(1_700_000_000_000L + VERSIONS.getOrDefault(id, 1) * 1000L);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(lastModified);
        if (unchanged != null) {
            counters.increment("revalidated-304-" + id);
            return unchanged.build();
        }
        int built = counters.increment("revalidated-built-" + id);
        return Response.ok("{\"id\":\"" + id + "\",\"built\":" + built + "}").lastModified(lastModified).build();
    }

    /** A new version: the next revalidation gets a full response. */
    @POST
    @Path("bump/{id}")
    public void bump(@PathParam("id") String id) {
        VERSIONS.merge(id, 2, (a, b) -> a + 1);
    }
}
