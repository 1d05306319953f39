package io.restcache.itests.app;

import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.InvalidateTags;
import io.restcache.VaryBy;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Methods whose responses carry the HTTP caching headers restcache must obey (RFC 9110, 9111, 9211,
 * 9213). Every run is counted under {@code http-<name>}; bodies name the run.
 */
@Path("http")
public class HttpRulesResource {

    @Inject
    Counters counters;

    private Response.ResponseBuilder counted(String name) {
        return Response.ok("{\"run\":" + counters.increment("http-" + name) + "}", MediaType.APPLICATION_JSON);
    }

    /** Answers with the Cache-Control given in {@code cc}. */
    @GET
    @Path("cc/{name}")
    @Cached(ttl = "60s", staleWhileRevalidate = "60s")
    public Response cacheControl(@PathParam("name") String name, @QueryParam("cc") String cc) {
        return counted(name).header("Cache-Control", cc).build();
    }

    /** Origin-driven: the response's own Cache-Control decides its freshness; the 2 s TTL is the default. */
    @GET
    @Path("origin/{name}")
    @Cached(ttl = "2s", freshness = "origin")
    public Response originDriven(@PathParam("name") String name, @QueryParam("cc") String cc) {
        Response.ResponseBuilder r = counted(name);
        return (cc == null ? r : r.header("Cache-Control", cc)).build();
    }

    /** Answers with one header, name and value given. */
    @GET
    @Path("header/{name}")
    @Cached(ttl = "60s")
    public Response header(@PathParam("name") String name, @QueryParam("h") String header, @QueryParam("v") String value) {
        return counted(name).header(header, value).build();
    }

    /** Two Vary lines: the method's own names, then {@code second}. */
    @GET
    @Path("vary/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Cached(ttl = "60s")
    @VaryBy(headers = "Accept-Language")
    public Response vary(@PathParam("name") String name, @QueryParam("second") String second) {
        return counted(name).header("Vary", "Accept-Language").header("Vary", second).build();
    }

    /** A proxied response: carries the Cache-Status member of the cache upstream of it, and its Age. */
    @GET
    @Path("proxied")
    @Cached(ttl = "1000s")
    public Response proxied() {
        return counted("proxied").header("Cache-Status", "Upstream; hit; ttl=500").header("Age", "100")
                .header("Cache-Control", "max-age=600").build();
    }

    /** A stored 404 (the method's policy stores 404s). */
    @GET
    @Path("gone")
    @Cached(ttl = "60s", statuses = {200, 404})
    public Response gone() {
        return Response.status(404).entity("{\"run\":" + counters.increment("http-gone") + "}").type(MediaType.APPLICATION_JSON)
                .build();
    }

    /** Decorated by {@link HeaderDecoratingFilter}, an application response filter at the default priority. */
    @GET
    @Path("filtered/{name}")
    @Cached(ttl = "60s")
    public Response filtered(@PathParam("name") String name) {
        return counted("filtered-" + name).build();
    }

    /** No {@code @Produces}: the writer is chosen by Accept. */
    @GET
    @Path("any-type")
    @Cached(ttl = "60s")
    public String anyType() {
        return "run " + counters.increment("http-any-type");
    }

    /** JSON from this method, plain text from {@link #negotiatedText()}: one path, chosen by Accept. */
    @GET
    @Path("negotiated")
    @Produces(MediaType.APPLICATION_JSON)
    @Cached(ttl = "60s")
    public String negotiatedJson() {
        return "{\"run\":" + counters.increment("http-negotiated") + "}";
    }

    @GET
    @Path("negotiated")
    @Produces(MediaType.TEXT_PLAIN)
    @Cached(ttl = "60s")
    public String negotiatedText() {
        return "run " + counters.increment("http-negotiated");
    }

    @GET
    @Path("tagged/{id}")
    @Cached(ttl = "60s")
    @CacheTags("http-tagged:{id}")
    public Response tagged(@PathParam("id") String id) {
        return counted("tagged-" + id).build();
    }

    /** A write answered with a redirect to what it changed (303 See Other after a POST). */
    @POST
    @Path("tagged/{id}")
    @InvalidateTags("http-tagged:{id}")
    public Response updateTagged(@PathParam("id") String id) {
        return Response.seeOther(URI.create("http/tagged/" + id)).build();
    }

    /** An unannotated write to a cached path, answered with a redirect: RFC 9111 §4.4 drops its target. */
    @POST
    @Path("cc/{name}")
    public Response postToCached(@PathParam("name") String name) {
        return Response.seeOther(URI.create("http/cc/" + name)).build();
    }
}
