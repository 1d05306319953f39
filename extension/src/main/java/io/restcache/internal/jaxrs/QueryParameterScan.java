package io.restcache.internal.jaxrs;

import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds, once at deployment, which query parameters a resource method can read: its declared
 * {@code @QueryParam}s (method parameters, the resource class's fields, setters and constructor
 * parameters, and the same inside {@code @BeanParam} beans, nested), and whether it can read others
 * through an injected {@code UriInfo} or servlet request. Only what counts joins the key, so that a
 * parameter the method never reads does not make a new entry.
 */
final class QueryParameterScan {

    /** Injected types that hand out every query parameter; the servlet one is named: it may be absent. */
    private static final Set<String> WHOLE_QUERY_TYPES = Set.of(UriInfo.class.getName(),
            "jakarta.servlet.http.HttpServletRequest", "jakarta.servlet.ServletRequest");

    private final Set<String> names = new LinkedHashSet<>();
    private final Set<Class<?>> visited = new HashSet<>();
    private boolean wholeQuery;

    private QueryParameterScan() {
    }

    static QueryParameterScan of(Class<?> resourceClass, Method method) {
        QueryParameterScan scan = new QueryParameterScan();
        for (Parameter p : method.getParameters()) {
            scan.element(p, p.getType());
        }
        scan.bean(resourceClass);
        return scan;
    }

    /** The declared query parameter names. */
    Set<String> names() {
        return names;
    }

    /** Whether the method can read query parameters it does not declare. */
    boolean readsWholeQuery() {
        return wholeQuery;
    }

    /**
     * The injection points of a resource class or a {@code @BeanParam} bean, its superclasses included:
     * annotated fields, setters that carry the annotation themselves, and the parameters of injecting
     * constructors and initializer methods. Other methods' parameters (the class's other resource
     * methods) are not this method's.
     */
    private void bean(Class<?> type) {
        if (!visited.add(type)) {
            return;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                element(f, f.getType());
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.getParameterCount() == 1) {
                    element(m, m.getParameterTypes()[0]);
                }
                if (m.isAnnotationPresent(Inject.class)) {
                    parameters(m.getParameters());
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                parameters(k.getParameters());                  // JAX-RS and CDI both inject constructors
            }
        }
    }

    private void parameters(Parameter[] parameters) {
        for (Parameter p : parameters) {
            element(p, p.getType());
        }
    }

    private void element(AnnotatedElement element, Class<?> type) {
        QueryParam q = element.getAnnotation(QueryParam.class);
        if (q != null) {
            names.add(q.value());
        }
        if (element.isAnnotationPresent(BeanParam.class)) {
            bean(type);
        }
        // only an injected one: a field or setter of such a type without @Context/@Inject stays null
        boolean injected = element.isAnnotationPresent(Context.class) || element.isAnnotationPresent(Inject.class)
                || element instanceof Parameter p && p.getDeclaringExecutable() instanceof Constructor<?>;
        wholeQuery |= injected && WHOLE_QUERY_TYPES.contains(type.getName());
    }
}
