package io.restcache.itests.app;

import io.restcache.CacheContext;
import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.InvalidateTags;
import io.restcache.VaryBy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.stream.Collectors;

/** The seed scenario of invalidation: profiles, their posts, per-user feeds that show other users. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ProfileResource {

    @Inject
    Profiles profiles;

    @Inject
    Counters counters;

    @Inject
    CacheContext cache;

    @Inject
    RaceGate gate;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @GET
    @Path("profiles/{id}")
    @Cached(ttl = "60s")
    @CacheTags("user:{id}")
    public String profile(@PathParam("id") String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + profiles.name(id) + "\",\"run\":"
                + counters.increment("profile-" + id) + "}";
    }

    @GET
    @Path("profiles/{id}/posts")
    @Cached(ttl = "60s")
    @CacheTags({"user:{id}", "posts"})
    public String posts(@PathParam("id") String id) {
        return "{\"author\":\"" + profiles.name(id) + "\",\"run\":" + counters.increment("posts-" + id) + "}";
    }

    @GET
    @Path("profiles/{id}/greeting")
    @Cached(ttl = "60s")
    @VaryBy(headers = "Accept-Language")
    @CacheTags("user:{id}")
    public String greeting(@PathParam("id") String id, @HeaderParam("Accept-Language") String language) {
        String hello = "de".equals(language) ? "Hallo" : "Hello";
        return "{\"greeting\":\"" + hello + " " + profiles.name(id) + "\",\"run\":"
                + counters.increment("greeting-" + id + "-" + language) + "}";
    }

    @GET
    @Path("feed")
    @Cached(ttl = "60s")
    @VaryBy(user = true)
    public String feed(@Context SecurityContext security) {
        String me = security.getUserPrincipal().getName();
        String authors = profiles.followees(me).stream().peek(f -> cache.tag("user:" + f))
                .map(f -> "\"" + profiles.name(f) + "\"").collect(Collectors.joining(","));
        return "{\"owner\":\"" + me + "\",\"authors\":[" + authors + "],\"run\":" + counters.increment("feed-" + me) + "}";
    }

    @PUT
    @Path("profiles/{id}")
    @Transactional
    @InvalidateTags("user:{id}")
    public String rename(@PathParam("id") String id, @QueryParam("name") String name) {
        profiles.rename(id, name);
        return "{\"renamed\":\"" + id + "\"}";
    }

    /** Fails after the change: the transaction rolls back and nothing may be dropped. */
    @PUT
    @Path("profiles/{id}/failing")
    @Transactional
    @InvalidateTags("user:{id}")
    public String renameFailing(@PathParam("id") String id) {
        throw new IllegalStateException("the database said no");
    }

    /** Answers 200, but its transaction is marked rollback-only: nothing may be dropped. */
    @PUT
    @Path("profiles/{id}/rollback-only")
    @Transactional
    @InvalidateTags("user:{id}")
    public String renameRolledBack(@PathParam("id") String id) {
        transactions.setRollbackOnly();
        return "{\"renamed\":\"nobody\"}";
    }

    /** Reads its data, then pauses at the race gate before answering (the stale-refill race). */
    @GET
    @Path("race/{id}")
    @Cached(ttl = "60s")
    @CacheTags("race:{id}")
    public String race(@PathParam("id") String id) throws InterruptedException {
        String name = profiles.name("race-" + id);
        counters.increment("race-" + id);
        gate.pause(id);
        return "{\"name\":\"" + name + "\"}";
    }

    /** The same race with a tag known only at run time. */
    @GET
    @Path("race-dynamic/{id}")
    @Cached(ttl = "60s")
    public String raceDynamic(@PathParam("id") String id) throws InterruptedException {
        String name = profiles.name("race-" + id);
        counters.increment("race-dynamic-" + id);
        gate.pause("dynamic-" + id);
        cache.tag("race:" + id);
        return "{\"name\":\"" + name + "\"}";
    }

    @PUT
    @Path("race/{id}")
    @InvalidateTags("race:{id}")
    public String renameRace(@PathParam("id") String id, @QueryParam("name") String name) {
        profiles.rename("race-" + id, name);
        return "{}";
    }

    @GET
    @Path("tagged-short/{n}")
    @Cached(ttl = "1s")
    @CacheTags("short-lived")
    public String shortLived(@PathParam("n") String n) {
        return "{\"n\":\"" + n + "\"}";
    }
}
