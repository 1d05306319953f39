package io.restcache.internal.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Marks HEAD requests before resource matching. Jersey answers a HEAD with the GET method and reports
 * the request's method as GET to every post-matching filter (it restores HEAD only on the response), so
 * the lookup filter could not tell that this request will never fill the entry it would lead the fill
 * of. One property on HEAD requests; nothing on others.
 */
@Provider
@PreMatching
public class HeadRequestMarker implements ContainerRequestFilter {

    /** The request property set on HEAD requests. */
    static final String PROPERTY = "io.restcache.head-request";

    @Override
    public void filter(ContainerRequestContext request) {
        if ("HEAD".equals(request.getMethod())) {
            request.setProperty(PROPERTY, Boolean.TRUE);
        }
    }

    /** Whether the request is a HEAD, whatever the runtime reports as its method now. */
    static boolean isHead(ContainerRequestContext request) {
        return "HEAD".equals(request.getMethod()) || request.getProperty(PROPERTY) != null;
    }
}
