package io.restcache.itests.app;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * An application response filter at the default priority, as applications write them: on
 * {@code http/filtered/<header>} it adds that header to the response after the method ran.
 */
@Provider
public class HeaderDecoratingFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        switch (path) {
            case "http/filtered/set-cookie" -> response.getHeaders().add("Set-Cookie", "tracking=1");
            case "http/filtered/no-store" -> response.getHeaders().putSingle("Cache-Control", "no-store");
            case "http/filtered/vary" -> response.getHeaders().add("Vary", "X-Filter-Header");
            default -> { }
        }
    }
}
