package io.restcache.itests.refused.interceptor;

import io.restcache.Cached;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A cached method guarded by an interceptor restcache does not know: the deployment must fail. */
@Path("owner-report")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
@OwnerOnly
public class OwnerReportResource {

    @GET
    @Cached(ttl = "60s")
    public String report() {
        return "{\"report\":\"the owner's numbers\"}";
    }
}
