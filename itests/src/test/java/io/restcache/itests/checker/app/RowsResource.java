package io.restcache.itests.checker.app;

import io.restcache.CacheContext;
import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.InvalidateTags;
import io.restcache.VaryBy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The checker's endpoints. Every body carries the version and owner of each row it shows, so the test
 * can tell a stale answer from a fresh one and one user's body from another's.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RowsResource {

    /** Rows are listed in this many groups ({@code id % GROUPS}). */
    static final int GROUPS = 4;

    @Inject
    Rows rows;

    @Inject
    CacheContext cache;

    /**
     * How long a read renders after reading the database: a real method's time between its read and its
     * response, in which a write can land (the window the stale-refill fences protect).
     */
    @Inject
    @ConfigProperty(name = "checker.render-millis", defaultValue = "30")
    int renderMillis;

    /** One row, shared by every caller. */
    @GET
    @Path("rows/{id}")
    @Cached(ttl = "60s")
    @CacheTags("row:{id}")
    public String row(@PathParam("id") int id) {
        return rendered(rows.find(id).orElseThrow(NotFoundException::new).json());
    }

    /** The caller's own rows, one entry per caller, tagged with every row it shows. */
    @GET
    @Path("me/rows")
    @Cached(ttl = "60s")
    @VaryBy(user = true)
    public String mine(@Context SecurityContext security) {
        String me = security.getUserPrincipal() == null ? "anonymous" : security.getUserPrincipal().getName();
        return rendered("{\"owner\":\"" + me + "\",\"rows\":" + tagged(rows.ownedBy(me)) + "}");
    }

    /** A group of rows, shared, tagged with its group and (at run time) with every row it shows. */
    @GET
    @Path("groups/{group}")
    @Cached(ttl = "60s")
    @CacheTags("group:{group}")
    public String group(@PathParam("group") int group) {
        return rendered("{\"group\":" + group + ",\"rows\":" + tagged(rows.inGroup(group, GROUPS)) + "}");
    }

    /** Increments the row's version; after the commit, drops every response tagged with the row. */
    @PUT
    @Path("rows/{id}")
    @Transactional
    @InvalidateTags("row:{id}")
    public String write(@PathParam("id") int id) {
        return rows.increment(id).orElseThrow(NotFoundException::new).json();
    }

    private String rendered(String body) {
        try {
            Thread.sleep(renderMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return body;
    }

    private String tagged(List<Row> shown) {
        shown.forEach(r -> cache.tag("row:" + r.id()));
        return shown.stream().map(Row::json).collect(Collectors.joining(",", "[", "]"));
    }
}
