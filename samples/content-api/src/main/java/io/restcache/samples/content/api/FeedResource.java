package io.restcache.samples.content.api;

import io.restcache.CacheContext;
import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.VaryBy;
import io.restcache.samples.content.data.ContentStore;
import io.restcache.samples.content.security.Caller;
import io.restcache.samples.content.view.PostView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** The caller's feed: the newest posts of the people they follow. */
@Path("/feed")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FeedResource {

    /** A feed page; older posts are not served in this sample. */
    static final int FEED_SIZE = 20;

    @Inject
    ContentStore store;

    @Inject
    CacheContext cache;

    @Context
    SecurityContext security;

    /**
     * One cached entry per caller ({@code user = true}), kept briefly because feeds move fast. A new
     * post anywhere drops every feed ({@code posts}); renaming an author drops the feeds that show them,
     * and a comment drops the feeds that count it. When an entry merely expires, the next 30 s serve the
     * stale feed at once while one request refreshes it: a feed a few seconds old is fine, a slow one is not.
     */
    @GET
    @Cached(ttl = "10s", staleWhileRevalidate = "30s")
    @VaryBy(user = true)
    @CacheTags("posts")
    public List<PostView> feed() {
        Caller caller = Caller.require(security);
        List<PostView> feed = store.feed(caller.id(), FEED_SIZE);
        for (PostView post : feed) {
            cache.tag("user:" + post.author().id(), "post:" + post.id());
        }
        return feed;
    }
}
