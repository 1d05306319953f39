package io.restcache.itests.checker.app;

import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.VaryBy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The checker's endpoints again, with their entries in Memcached: the same bodies (rendered by
 * {@link RowsResource}, called as a bean, so the run-time tags go to this request's cache context), the
 * same tags, and the same writes ({@code PUT rows/{id}}, whose invalidation bumps the Memcached counters
 * as well as purging Redis).
 */
@Path("memcached")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class MemcachedRowsResource {

    @Inject
    RowsResource rows;

    /** One row, shared by every caller. */
    @GET
    @Path("rows/{id}")
    @Cached(ttl = "60s", store = "memcached")
    @CacheTags("row:{id}")
    public String row(@PathParam("id") int id) {
        return rows.row(id);
    }

    /** The caller's own rows, one entry per caller, tagged (at run time) with every row it shows. */
    @GET
    @Path("me/rows")
    @Cached(ttl = "60s", store = "memcached")
    @VaryBy(user = true)
    public String mine(@Context SecurityContext security) {
        return rows.mine(security);
    }

    /** A group of rows, shared, tagged with its group and (at run time) with every row it shows. */
    @GET
    @Path("groups/{group}")
    @Cached(ttl = "60s", store = "memcached")
    @CacheTags("group:{group}")
    public String group(@PathParam("group") int group) {
        return rows.group(group);
    }
}
