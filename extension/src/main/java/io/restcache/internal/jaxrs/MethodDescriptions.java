package io.restcache.internal.jaxrs;

import io.restcache.CacheTags;
import io.restcache.Cached;
import io.restcache.InvalidateTags;
import io.restcache.VaryBy;
import io.restcache.internal.policy.AccessConstraint;
import io.restcache.internal.policy.MethodDescription;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Reads, by reflection and once at deployment, what the policy compiler needs to know about a method. */
final class MethodDescriptions {

    private MethodDescriptions() {
    }

    /** Whether the method carries any restcache annotation; methods without one pay nothing. */
    static boolean annotated(Class<?> resourceClass, Method method) {
        return method.isAnnotationPresent(Cached.class) || resourceClass.isAnnotationPresent(Cached.class)
                || method.isAnnotationPresent(CacheTags.class) || method.isAnnotationPresent(VaryBy.class)
                || method.isAnnotationPresent(InvalidateTags.class)
                || resourceClass.isAnnotationPresent(InvalidateTags.class);
    }

    /** Whether the method answers an unsafe HTTP method (anything but GET, HEAD, OPTIONS, TRACE). */
    static boolean unsafe(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod designator = a.annotationType().getAnnotation(HttpMethod.class);
            if (designator != null && !Set.of("GET", "HEAD", "OPTIONS", "TRACE").contains(designator.value())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param interceptors finds the interceptors a hit would skip
     * @param identity finds the injection points that can tell who the caller is
     */
    static MethodDescription describe(Class<?> resourceClass, Method method, InterceptorScan interceptors,
            IdentityInjectionScan identity) {
        Set<String> httpMethods = new LinkedHashSet<>();
        for (Annotation a : method.getAnnotations()) {
            HttpMethod designator = a.annotationType().getAnnotation(HttpMethod.class);
            if (designator != null) {
                httpMethods.add(designator.value());
            }
        }
        QueryParameterScan query = QueryParameterScan.of(resourceClass, method);
        // a CompletionStage's response is produced after the method returns, outside the filters' view
        boolean async = SseEventSink.class.isAssignableFrom(method.getReturnType())
                || CompletionStage.class.isAssignableFrom(method.getReturnType());
        for (Parameter p : method.getParameters()) {
            async |= p.isAnnotationPresent(Suspended.class) || AsyncResponse.class.isAssignableFrom(p.getType())
                    || SseEventSink.class.isAssignableFrom(p.getType());
        }
        boolean streaming = StreamingOutput.class.isAssignableFrom(method.getReturnType())
                || InputStream.class.isAssignableFrom(method.getReturnType());
        Optional<Cached> cached = cached(resourceClass, method, httpMethods);
        return new MethodDescription(
                resourceClass.getName(),
                method.getName(),
                httpMethods,
                pathTemplate(resourceClass, method),
                query.names(),
                negotiatedProduces(resourceClass, method, httpMethods),
                async,
                streaming,
                access(resourceClass, method),
                cached,
                Optional.ofNullable(method.isAnnotationPresent(VaryBy.class) ? method.getAnnotation(VaryBy.class)
                        : cached.isPresent() ? resourceClass.getAnnotation(VaryBy.class) : null),
                Optional.ofNullable(method.getAnnotation(CacheTags.class)),
                Optional.ofNullable(method.getAnnotation(InvalidateTags.class)),
                cached.isPresent() ? interceptors.of(resourceClass, method) : List.of(),
                cached.isPresent() ? identity.of(resourceClass, method) : List.of(),
                resourceClass.isAnnotationPresent(InvalidateTags.class), query.readsWholeQuery());
    }

    /**
     * The method's own {@code @Cached}, else the class's — which applies to the class's GET methods only,
     * so that a cached class may also have POST or PUT methods.
     */
    private static Optional<Cached> cached(Class<?> resourceClass, Method method, Set<String> httpMethods) {
        if (method.isAnnotationPresent(Cached.class)) {
            return Optional.of(method.getAnnotation(Cached.class));
        }
        return httpMethods.contains("GET") ? Optional.ofNullable(resourceClass.getAnnotation(Cached.class))
                : Optional.empty();
    }

    /** Method-level security annotations win over class-level ones (Jakarta Annotations §3). */
    private static AccessConstraint access(Class<?> resourceClass, Method method) {
        for (AnnotatedElement level : List.of(method, resourceClass)) {
            if (level.isAnnotationPresent(DenyAll.class)) {
                return new AccessConstraint(true, Set.of());
            }
            if (level.isAnnotationPresent(PermitAll.class)) {
                return AccessConstraint.NONE;
            }
            RolesAllowed roles = level.getAnnotation(RolesAllowed.class);
            if (roles != null) {
                return new AccessConstraint(false, Set.of(roles.value()));
            }
        }
        return AccessConstraint.NONE;
    }

    private static String pathTemplate(Class<?> resourceClass, Method method) {
        String classPath = Optional.ofNullable(resourceClass.getAnnotation(Path.class)).map(Path::value).orElse("");
        String methodPath = Optional.ofNullable(method.getAnnotation(Path.class)).map(Path::value).orElse("");
        String joined = "/" + classPath + "/" + methodPath;
        return joined.replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }

    /**
     * The media types requests for this method's path and verb are negotiated among: its own
     * {@code @Produces}, plus those of other methods of the class with the same path and verb (the
     * runtime picks one of them by {@code Accept}, so each one's responses vary by {@code Accept}).
     */
    private static List<String> negotiatedProduces(Class<?> resourceClass, Method method, Set<String> httpMethods) {
        List<String> own = produces(resourceClass, method);
        Set<String> all = new LinkedHashSet<>(own);
        String path = pathTemplate(resourceClass, method);
        for (Method sibling : resourceClass.getMethods()) {
            if (!sibling.equals(method) && pathTemplate(resourceClass, sibling).equals(path)
                    && Arrays.stream(sibling.getAnnotations()).map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                            .anyMatch(d -> d != null && httpMethods.contains(d.value()))) {
                all.addAll(produces(resourceClass, sibling));
            }
        }
        return List.copyOf(all);
    }

    private static List<String> produces(Class<?> resourceClass, Method method) {
        Produces p = method.isAnnotationPresent(Produces.class) ? method.getAnnotation(Produces.class)
                : resourceClass.getAnnotation(Produces.class);
        return p == null ? List.of() : Arrays.stream(p.value())
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
