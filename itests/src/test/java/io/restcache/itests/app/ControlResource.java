package io.restcache.itests.app;

import io.restcache.CacheInvalidation;
import io.restcache.ResponseCache;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.Map;

/** Lets tests drive the programmatic API, CDI events and the race gate over HTTP. Not cached. */
@Path("control")
public class ControlResource {

    @Inject
    ResponseCache responses;

    @Inject
    Event<CacheInvalidation> events;

    @Inject
    RaceGate gate;

    @POST
    @Path("tags")
    public void tags(@QueryParam("tag") String tag) {
        responses.invalidateTags(tag);
    }

    @POST
    @Path("path")
    public void path(@QueryParam("path") String path) {
        responses.invalidate(path);
    }

    @POST
    @Path("resource")
    public void resource(@QueryParam("target") String target, @QueryParam("origin") String origin) {
        if (origin == null) {
            responses.invalidateResource(target);
        } else {
            responses.invalidateResource(origin, target);
        }
    }

    @POST
    @Path("variant")
    public void variant(@QueryParam("path") String path, @QueryParam("language") String language) {
        responses.invalidateVariant(path, Map.of("Accept-Language", language));
    }

    @POST
    @Path("user")
    public void user(@QueryParam("name") String name) {
        responses.invalidateUser(name);
    }

    @POST
    @Path("all")
    public void all() {
        responses.invalidateAll();
    }

    @POST
    @Path("event")
    public void event(@QueryParam("tag") String tag) {
        events.fire(CacheInvalidation.tags(tag));
    }

    @Inject
    Failures failures;

    @POST
    @Path("fail/{id}")
    public void fail(@PathParam("id") String id, @QueryParam("on") boolean on) {
        failures.set(id, on);
    }

    @POST
    @Path("gate/{id}/arm")
    public void arm(@PathParam("id") String id) {
        gate.arm(id);
    }

    @POST
    @Path("gate/{id}/started")
    public String started(@PathParam("id") String id) throws InterruptedException {
        return Boolean.toString(gate.awaitStarted(id));
    }

    @POST
    @Path("gate/{id}/release")
    public void release(@PathParam("id") String id) {
        gate.release(id);
    }
}
