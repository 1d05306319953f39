package io.restcache.internal.policy;

import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.InvalidateTags;
import io.restcache.VaryBy;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the JAX-RS adapter tells the compiler about one resource method: plain values read once at
 * deployment, so that policy compilation is a pure function, testable without a container.
 *
 * @param className the resource class's fully qualified name
 * @param methodName the Java method's name
 * @param httpMethods the designators on the method ({@code GET}, {@code POST}, ...)
 * @param pathTemplate the full route template, class path plus method path, e.g. {@code /users/{id}}
 * @param queryParamNames the names of the method's {@code @QueryParam}s: its parameters', its resource
 *        class's fields' and setters', and those in its {@code @BeanParam} beans
 * @param produces the media types the method's requests are negotiated among: its own, plus those of other
 *        methods of the same path and verb (empty: not declared)
 * @param asynchronous whether the method answers through {@code AsyncResponse} or an SSE sink
 * @param streaming whether the method's return type streams ({@code StreamingOutput}, {@code InputStream})
 * @param access the role constraints the method (or its class) declares
 * @param interceptors the interceptors that would run around the method and that a hit therefore skips:
 *        CDI interceptor bindings (on the method, its class, their stereotypes) and EJB
 *        {@code @Interceptors} classes
 * @param identitySources the injection points of the resource (and of the beans it injects) through which
 *        it can read the caller's identity without JAX-RS's {@code SecurityContext}, described for messages
 * @param invalidateTagsOnClass whether the resource class itself carries {@code @InvalidateTags}
 * @param readsWholeQuery whether the method can read query parameters it does not declare: it (or its
 *        resource class) injects {@code UriInfo} or the servlet request
 */
public record MethodDescription(
        String className,
        String methodName,
        Set<String> httpMethods,
        String pathTemplate,
        Set<String> queryParamNames,
        List<String> produces,
        boolean asynchronous,
        boolean streaming,
        AccessConstraint access,
        Optional<Cached> cached,
        Optional<VaryBy> varyBy,
        Optional<CacheTags> cacheTags,
        Optional<InvalidateTags> invalidateTags,
        List<InterceptorUse> interceptors,
        List<String> identitySources,
        boolean invalidateTagsOnClass,
        boolean readsWholeQuery) {

    /**
     * A method without interceptors, identity injection points or class-level invalidation, that reads
     * only the query parameters it declares.
     */
    public MethodDescription(String className, String methodName, Set<String> httpMethods, String pathTemplate,
            Set<String> queryParamNames, List<String> produces, boolean asynchronous, boolean streaming,
            AccessConstraint access, Optional<Cached> cached, Optional<VaryBy> varyBy, Optional<CacheTags> cacheTags,
            Optional<InvalidateTags> invalidateTags) {
        this(className, methodName, httpMethods, pathTemplate, queryParamNames, produces, asynchronous, streaming,
                access, cached, varyBy, cacheTags, invalidateTags, List.of(), List.of(), false, false);
    }

    /** {@code com.example.UserResource#get}, the name used in every message about this method. */
    public String id() {
        return className + "#" + methodName;
    }
}
