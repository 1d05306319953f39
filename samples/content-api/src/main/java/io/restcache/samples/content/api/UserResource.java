package io.restcache.samples.content.api;

import io.restcache.CacheContext;
import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.InvalidateTags;
import io.restcache.samples.content.data.ContentStore;
import io.restcache.samples.content.security.Caller;
import io.restcache.samples.content.view.AuthorView;
import io.restcache.samples.content.view.PostView;
import io.restcache.samples.content.view.UserView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** Public profiles and their posts, and a user's own profile edits. */
@Path("/users")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    @Inject
    ContentStore store;

    @Inject
    CacheContext cache;

    @Context
    SecurityContext security;

    /** Everybody, uncached: a directory small enough to compute every time. */
    @GET
    public List<AuthorView> list() {
        return store.users();
    }

    /**
     * A public profile. {@code shared}: it reads nothing of the caller, so signed-in readers may be
     * served the entry that anonymous ones filled.
     */
    @GET
    @Path("{id}")
    @Cached(ttl = "60s", shared = true)
    @CacheTags({"user:{id}", "users"})
    public UserView get(@PathParam("id") long id) {
        return store.user(id).orElseThrow(NotFoundException::new);
    }

    /**
     * The user's posts, newest first. Each post is tagged too, so that a comment on one of them
     * (which changes its comment count) drops this list.
     */
    @GET
    @Path("{id}/posts")
    @Cached(ttl = "30s", shared = true)
    @CacheTags({"user:{id}", "posts"})
    public List<PostView> posts(@PathParam("id") long id) {
        List<PostView> posts = store.postsOf(id).orElseThrow(NotFoundException::new);
        posts.forEach(post -> cache.tag("post:" + post.id()));
        return posts;
    }

    /**
     * Changes the display name or bio; only the user themself may. Every cached response tagged with
     * this user (the profile, their post list, posts and feeds that show their name) is dropped once
     * the transaction has committed.
     */
    @PUT
    @Path("{id}")
    @Transactional
    @InvalidateTags("user:{id}")
    public UserView update(@PathParam("id") long id, Inputs.ProfileUpdate update) {
        if (Caller.require(security).id() != id) {
            throw new ForbiddenException();
        }
        Inputs.present(update).check();
        return store.updateProfile(id, update.displayName(), update.bio()).orElseThrow(NotFoundException::new);
    }
}
