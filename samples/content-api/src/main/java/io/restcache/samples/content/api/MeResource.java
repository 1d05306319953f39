package io.restcache.samples.content.api;

import io.restcache.CacheContext;
import io.restcache.Cached;
import io.restcache.VaryBy;
import io.restcache.samples.content.data.ContentStore;
import io.restcache.samples.content.security.Caller;
import io.restcache.samples.content.view.AuthorView;
import io.restcache.samples.content.view.ProfileView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** The caller's own profile. */
@Path("/me")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    ContentStore store;

    @Inject
    CacheContext cache;

    @Context
    SecurityContext security;

    /**
     * Cached per caller. Tagged with the caller's id (known only once authenticated, hence not a
     * template) and with everyone listed as followed, whose names it shows.
     */
    @GET
    @Cached(ttl = "60s")
    @VaryBy(user = true)
    public ProfileView me() {
        Caller caller = Caller.require(security);
        ProfileView profile = store.ownProfile(caller.id());
        cache.tag("user:" + caller.id());
        for (AuthorView followed : profile.followingUsers()) {
            cache.tag("user:" + followed.id());
        }
        return profile;
    }
}
