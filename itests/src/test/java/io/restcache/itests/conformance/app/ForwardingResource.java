package io.restcache.itests.conformance.app;

import io.restcache.Cached;
import io.restcache.VaryBy;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The cache under test, as the conformance suite sees it: {@code test/*} reaches its origin through a
 * {@link Cached} method (its unsafe methods, M-SEARCH among them, uncached, as writes), {@code config/*} and {@code state/*}
 * (the suite's own bookkeeping) uncached. The mode (annotation- or origin-driven freshness, caching off)
 * comes from the deployment's configuration, so every mode runs this same class.
 */
@Path("")
public class ForwardingResource {

    /*
     * @VaryBy lists no header: every name it lists goes into each response's Vary, which the vary tests compare
     * with what the origin sent; accept = false because the origin's Content-Type is passed on, so Accept does
     * not choose the writer's type. 5xx are not cached: the suite's origin answers them to requests it did not expect. The TTL is
     * the annotation mode's lifetime; in origin mode it is the default for responses that state none.
     */
    private static final String TESTS = "test/{id: .+}";

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uri;

    /** @return the origin's answer, cached */
    @GET
    @Path(TESTS)
    @VaryBy(accept = false)
    @Cached(ttl = "1h", statuses = {200, 203, 204, 300, 301, 302, 303, 307, 308, 400, 404, 405, 410, 414})
    public Response test(@PathParam("id") String id) {
        return forward("GET", "test/" + id, null);
    }

    /** @return the origin's answer to a write */
    @POST
    @Path(TESTS)
    public Response post(@PathParam("id") String id, byte[] body) {
        return forward("POST", "test/" + id, body);
    }

    /** @return the origin's answer to a write */
    @PUT
    @Path(TESTS)
    public Response put(@PathParam("id") String id, byte[] body) {
        return forward("PUT", "test/" + id, body);
    }

    /** @return the origin's answer to a write */
    @DELETE
    @Path(TESTS)
    public Response delete(@PathParam("id") String id, byte[] body) {
        return forward("DELETE", "test/" + id, body);
    }

    /** @return the origin's answer to a write by an extension method */
    @MSearch
    @Path(TESTS)
    public Response mSearch(@PathParam("id") String id, byte[] body) {
        return forward("M-SEARCH", "test/" + id, body);
    }

    /** @return the origin's answer: the suite configures the next test */
    @PUT
    @Path("config/{id: .+}")
    public Response config(@PathParam("id") String id, byte[] body) {
        return bookkeeping("PUT", "config/" + id, body);
    }

    /** @return the origin's answer: what requests the origin saw */
    @GET
    @Path("state/{id: .+}")
    public Response state(@PathParam("id") String id) {
        return bookkeeping("GET", "state/" + id, null);
    }

    /**
     * The suite's own bookkeeping (configuring a test, reading what the origin saw) is idempotent and not
     * what is tested: a connection to the origin that failed (Forwarder answers 502) is tried again, so a
     * hiccup of the local origin does not read as a failed cache test.
     */
    private Response bookkeeping(String method, String path, byte[] body) {
        Response answer = forward(method, path, body);
        for (int retry = 0; retry < 3 && answer.getStatus() == 502; retry++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
            answer = forward(method, path, body);
        }
        return answer;
    }

    private Response forward(String method, String path, byte[] body) {
        String origin = ConfigProvider.getConfig().getValue("conformance.origin", String.class);
        return Forwarder.INSTANCE.forward(origin + path, uri.getRequestUri().getRawQuery(), method,
                headers.getRequestHeaders(), body);
    }
}
