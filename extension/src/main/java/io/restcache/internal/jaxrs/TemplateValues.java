package io.restcache.internal.jaxrs;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Resolves tag-template variables for one request: a path parameter, else the first value of a query parameter. */
final class TemplateValues {

    private TemplateValues() {
    }

    static Function<String, String> of(UriInfo uri) {
        return of(uri.getPathParameters(true), uri.getQueryParameters(true));
    }

    /** From the decoded parameters already read (Jersey builds them anew on each call). */
    static Function<String, String> of(Map<String, List<String>> path, Map<String, List<String>> query) {
        return name -> {
            List<String> values = path.get(name);
            if (values == null || values.isEmpty()) {
                values = query.get(name);
            }
            return values == null || values.isEmpty() ? null : values.get(0);
        };
    }

    /** The request path relative to the application, normalized as paths are indexed. */
    static String path(UriInfo uri) {
        return io.restcache.internal.policy.RouteTemplate.normalizePath(uri.getPath(true));
    }
}
