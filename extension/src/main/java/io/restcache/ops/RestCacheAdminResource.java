package io.restcache.ops;

import io.restcache.ResponseCache;
import io.restcache.runtime.RestCacheRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The opt-in admin API, under the application's JAX-RS root: {@code GET restcache/stats},
 * {@code POST restcache/purge?tag=…&path=…&resource=…}, {@code POST restcache/purge-all}. It answers 404
 * unless {@code restcache.admin.enabled=true}, and 403 to callers without {@code restcache.admin.role}.
 */
@Path("restcache")
@Produces(MediaType.APPLICATION_JSON)
public class RestCacheAdminResource {

    @Inject
    RestCacheRuntime runtime;

    @Inject
    ResponseCache responses;

    @Context
    SecurityContext security;

    /** Connectivity, breaker, near cache and every counter of this node. */
    @GET
    @Path("stats")
    public String stats() {
        guard();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("node", runtime.settings().nodeName());
        stats.put("redis", runtime.store().available() ? "connected" : "disconnected");
        stats.put("breaker", runtime.breaker().state().name());
        stats.put("generation", runtime.generation());
        stats.put("nearCacheEntries", runtime.near().size());
        stats.put("waitingOnFlights", runtime.flights().waiting());
        stats.put("counters", runtime.metrics().snapshot());
        return Json.write(stats);
    }

    /** Drops by tags, paths and resources (path with query), any combination, repeated parameters allowed. */
    @POST
    @Path("purge")
    public String purge(@QueryParam("tag") List<String> tags, @QueryParam("path") List<String> paths,
            @QueryParam("resource") List<String> resources) {
        guard();
        if (!tags.isEmpty()) {
            responses.invalidateTags(tags.toArray(String[]::new));
        }
        paths.forEach(responses::invalidate);
        resources.forEach(responses::invalidateResource);
        return Json.write(Map.of("tags", tags, "paths", paths, "resources", resources));
    }

    /** Drops everything (a namespace generation bump). */
    @POST
    @Path("purge-all")
    public String purgeAll() {
        guard();
        responses.invalidateAll();
        return Json.write(Map.of("generation", runtime.generation()));
    }

    private void guard() {
        if (!runtime.settings().adminEnabled()) {
            throw new NotFoundException();
        }
        if (security == null || security.getUserPrincipal() == null
                || !security.isUserInRole(runtime.settings().adminRole())) {
            throw new ForbiddenException();
        }
    }
}
