package io.restcache.itests.memcached;

import io.restcache.CacheContext;
import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.InvalidateTags;
import io.restcache.ResponseCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** TTL-only endpoints on Memcached, and the counters of how often each really ran. */
@Path("/")
@ApplicationScoped
public class MemcachedResource {

    private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Inject
    CacheContext cacheContext;

    @Inject
    ResponseCache cache;

    private int run(String name) {
        return counts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
    }

    @GET
    @Path("items/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Cached(ttl = "60s", store = "memcached")
    @CacheTags("item:{id}")
    public String item(@PathParam("id") String id) {
        return "{\"id\":\"" + id + "\",\"run\":" + run("item-" + id) + ",\"filler\":\"" + "abc".repeat(700) + "\"}";
    }

    @PUT
    @Path("items/{id}")
    @InvalidateTags("item:{id}")
    public Response update(@PathParam("id") String id) {
        return Response.noContent().build();
    }

    @GET
    @Path("short/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Cached(ttl = "1s", store = "memcached")
    public String shortLived(@PathParam("id") String id) {
        return "{\"run\":" + run("short-" + id) + "}";
    }

    @GET
    @Path("runtime/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Cached(ttl = "60s", store = "memcached")
    public String runtimeTagged(@PathParam("id") String id) {
        cacheContext.tag("runtime:" + id);
        return "{\"run\":" + run("runtime-" + id) + "}";
    }

    @POST
    @Path("runtime/{id}/invalidate")
    public Response invalidateRuntimeTag(@PathParam("id") String id) {
        cache.invalidateTags("runtime:" + id);
        return Response.noContent().build();
    }

    @GET
    @Path("counters/{name}")
    @Produces(MediaType.TEXT_PLAIN)
    public String count(@PathParam("name") String name) {
        AtomicInteger c = counts.get(name);
        return Integer.toString(c == null ? 0 : c.get());
    }
}
