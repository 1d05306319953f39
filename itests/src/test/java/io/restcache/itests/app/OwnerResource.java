package io.restcache.itests.app;

import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * Two sub-resource locators that hand requests to one class, {@link PostsSubResource}, whose cached
 * method has no route of its own: {@code /owners/users/42/posts} and {@code /owners/groups/42/posts}
 * reach it with the same path parameter {@code id=42} but must never share an entry.
 */
@Path("owners")
public class OwnerResource {

    @Inject
    Counters counters;

    @Path("users/{id}/posts")
    public PostsSubResource userPosts(@PathParam("id") String id) {
        return new PostsSubResource("user", id, counters);
    }

    @Path("groups/{id}/posts")
    public PostsSubResource groupPosts(@PathParam("id") String id) {
        return new PostsSubResource("group", id, counters);
    }
}
