package io.restcache.internal.ops;

import io.restcache.ResponseCache;
import io.restcache.internal.key.Authority;
import io.restcache.internal.runtime.CacheInspector;
import io.restcache.internal.runtime.RestCacheRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The opt-in admin API, under the application's JAX-RS root: {@code GET restcache/stats},
 * {@code GET restcache/ui} (the same as a page), {@code POST restcache/purge?tag=…&path=…&resource=…},
 * {@code POST restcache/purge-all}. It answers 404
 * unless {@code restcache.admin.enabled=true}, and 403 to callers without {@code restcache.admin.role}.
 */
@Path("restcache")
@Produces(MediaType.APPLICATION_JSON)
public class RestCacheAdminResource {

    private static final String PAGE = page();

    @Inject
    RestCacheRuntime runtime;

    @Inject
    ResponseCache responses;

    @Context
    SecurityContext security;

    @Context
    HttpHeaders requestHeaders;

    @Context
    UriInfo uri;

    /** Connectivity, breaker, near cache and every counter of this node. */
    @GET
    @Path("stats")
    public Response stats() {
        return guarded(() -> {
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("node", runtime.settings().nodeName());
            stats.put("redis", runtime.store().available() ? "connected" : "disconnected");
            stats.put("breaker", runtime.breaker().state().name());
            stats.put("generation", runtime.generation());
            stats.put("nearCacheEntries", runtime.near().size());
            stats.put("waitingOnFlights", runtime.flights().waiting());
            stats.put("counters", runtime.metrics().snapshot());
            List<Map<String, Object>> routes = new ArrayList<>();
            runtime.metrics().routes().forEach((route, counts) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("route", route);
                row.put("answeredByTheCache", counts[0]);
                row.put("forwarded", counts[1]);
                routes.add(row);
            });
            stats.put("routes", routes);
            return Json.write(stats);
        });
    }

    /**
     * What is stored for a path: for each cached method its route matches, the resource key and every
     * variant there (status, size, coding, age, remaining freshness, tags, Vary, near presence on this node).
     *
     * @param path the path and query under the application, e.g. {@code /items/1?page=2}
     * @param origin {@code scheme://host:port} for methods keyed by origin; default: this request's
     * @param user a principal name, for per-user methods; default: the anonymous callers' entries
     */
    @GET
    @Path("inspect")
    public Response inspect(@QueryParam("path") String path, @QueryParam("origin") String origin,
            @QueryParam("user") String user) {
        return guarded(() -> path == null ? Json.write(Map.of("error", "path is required, e.g. ?path=/items/1"))
                : Json.write(new CacheInspector(runtime).stored(path, origin(origin), Optional.ofNullable(user))));
    }

    /**
     * How a request would be keyed: for each cached method the path matches, the key dimensions of a
     * request to it with the headers and cookies of this very request (send the client's own with it;
     * {@code header=Name: value} adds or replaces one), values shown as short hashes, never as they are.
     */
    @GET
    @Path("key")
    public Response key(@QueryParam("path") String path, @QueryParam("origin") String origin,
            @QueryParam("user") String user, @QueryParam("header") List<String> extraHeaders) {
        return guarded(() -> {
            if (path == null) {
                return Json.write(Map.of("error", "path is required, e.g. ?path=/items/1"));
            }
            Map<String, List<String>> headers = new HashMap<>();
            requestHeaders.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            for (String line : extraHeaders) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), List.of(line.substring(colon + 1).trim()));
                }
            }
            Map<String, String> cookies = new HashMap<>();
            requestHeaders.getCookies().forEach((name, cookie) -> cookies.put(name, cookie.getValue()));
            return Json.write(new CacheInspector(runtime).keying(path, origin(origin), Optional.ofNullable(user),
                    headers, cookies));
        });
    }

    private String origin(String given) {
        return given != null ? CacheInspector.origin(given) : Authority.of(uri.getRequestUri());
    }

    /**
     * A page for people: this node's state, answers by source, the hit ratio per route, bypass and
     * not-stored reasons — one HTML file with its script inline (no external assets, so it works on a
     * server without outbound access), reading {@code restcache/stats}.
     */
    @GET
    @Path("ui")
    @Produces(MediaType.TEXT_HTML)
    public Response ui() {
        return guarded(() -> PAGE, MediaType.TEXT_HTML_TYPE);
    }

    /** Drops by tags, paths and resources (path with query), any combination, repeated parameters allowed. */
    @POST
    @Path("purge")
    public Response purge(@QueryParam("tag") List<String> tags, @QueryParam("path") List<String> paths,
            @QueryParam("resource") List<String> resources) {
        return guarded(() -> {
            if (!tags.isEmpty()) {
                responses.invalidateTags(tags.toArray(String[]::new));
            }
            paths.forEach(responses::invalidate);
            resources.forEach(responses::invalidateResource);
            return Json.write(Map.of("tags", tags, "paths", paths, "resources", resources));
        });
    }

    /** Drops everything (a namespace generation bump). */
    @POST
    @Path("purge-all")
    public Response purgeAll() {
        return guarded(() -> {
            responses.invalidateAll();
            return Json.write(Map.of("generation", runtime.generation()));
        });
    }

    /**
     * Runs the action for an admin, else answers 404 (admin API off) or 403. A response rather than a
     * thrown NotFoundException/ForbiddenException: RESTEasy logs those at ERROR with a stack trace.
     */
    private Response guarded(Supplier<String> action) {
        return guarded(action, MediaType.APPLICATION_JSON_TYPE);
    }

    private Response guarded(Supplier<String> action, MediaType type) {
        if (!runtime.settings().adminEnabled()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        if (security == null || security.getUserPrincipal() == null
                || !security.isUserInRole(runtime.settings().adminRole())) {
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        return Response.ok(action.get(), type).build();
    }

    private static String page() {
        try (java.io.InputStream in = RestCacheAdminResource.class.getResourceAsStream("admin.html")) {
            return new String(java.util.Objects.requireNonNull(in, "admin.html is missing from the jar").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
