package io.restcache.samples.content.api;

import io.restcache.CacheContext;
import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.InvalidateTags;
import io.restcache.samples.content.data.ContentStore;
import io.restcache.samples.content.security.Caller;
import io.restcache.samples.content.view.CommentView;
import io.restcache.samples.content.view.PostDetail;
import io.restcache.samples.content.view.PostView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/** Posts with their comments; signed-in users write posts and comments. */
@Path("/posts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PostResource {

    @Inject
    ContentStore store;

    @Inject
    CacheContext cache;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    /**
     * A post and its comments. The names shown come from the author and every commenter, which only
     * the loaded post tells, so their tags are added while the method runs: renaming any of them
     * drops this entry.
     */
    @GET
    @Path("{id}")
    @Cached(ttl = "30s", shared = true)
    @CacheTags("post:{id}")
    public PostDetail get(@PathParam("id") long id) {
        PostDetail post = store.post(id).orElseThrow(NotFoundException::new);
        cache.tag("user:" + post.author().id());
        post.comments().forEach(comment -> cache.tag("user:" + comment.author().id()));
        return post;
    }

    /** Publishes a post by the caller; every cached list of posts (profiles' lists, feeds) is dropped. */
    @POST
    @Transactional
    @InvalidateTags("posts")
    public Response create(Inputs.NewPost post) {
        Caller caller = Caller.require(security);
        Inputs.present(post).check();
        PostView created = store.createPost(caller.id(), post.title(), post.body());
        return Response.created(uri.getBaseUriBuilder().path(PostResource.class).path("{id}").build(created.id()))
                .entity(created)
                .build();
    }

    /** Comments on a post as the caller; the post's cached responses are dropped. */
    @POST
    @Path("{id}/comments")
    @Transactional
    @InvalidateTags("post:{id}")
    public Response comment(@PathParam("id") long id, Inputs.NewComment comment) {
        Caller caller = Caller.require(security);
        Inputs.present(comment).check();
        CommentView created = store.addComment(id, caller.id(), comment.text()).orElseThrow(NotFoundException::new);
        return Response.status(Response.Status.CREATED).entity(created).build();
    }
}
