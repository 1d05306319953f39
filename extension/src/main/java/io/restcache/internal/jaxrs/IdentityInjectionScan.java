package io.restcache.internal.jaxrs;

import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds, once at deployment, the injection points through which a resource can learn who the caller is
 * without asking JAX-RS's {@code SecurityContext} (which restcache watches at run time): Jakarta
 * Security's {@code SecurityContext}, the servlet request, a {@code Principal}, an EJB context. It looks
 * at the resource class's fields and constructors, the method's parameters, and — one level deep — the
 * fields and constructors of the beans the resource injects. Types are matched by name (and by
 * supertype), so restcache needs none of these APIs on its class path.
 */
final class IdentityInjectionScan {

    /** Types whose instances answer "who is calling": reading them can personalise a body unseen. */
    private static final Set<String> IDENTITY_TYPES = Set.of(
            "jakarta.security.enterprise.SecurityContext",
            "jakarta.servlet.http.HttpServletRequest",
            "java.security.Principal",
            "jakarta.ejb.EJBContext");

    /** Injection annotations, by name: CDI's, Jakarta Annotations' {@code @Resource}, JAX-RS's {@code @Context}. */
    private static final Set<String> INJECTION = Set.of("jakarta.inject.Inject", "jakarta.annotation.Resource",
            "jakarta.ws.rs.core.Context");

    /** Wrappers whose type argument is what gets injected. */
    private static final Set<String> PROVIDERS = Set.of("jakarta.enterprise.inject.Instance", "jakarta.inject.Provider");

    private final BeanManager beans;

    /** @param beans resolves an injected interface to its bean class; {@code null} scans only concrete types */
    IdentityInjectionScan(BeanManager beans) {
        this.beans = beans;
    }

    /** Descriptions such as {@code field ProfileResource.security (jakarta.security.enterprise.SecurityContext)}. */
    List<String> of(Class<?> resourceClass, Method method) {
        Set<String> found = new LinkedHashSet<>();
        for (Parameter p : method.getParameters()) {
            if (identity(p.getParameterizedType())) {
                found.add("parameter " + p.getName() + " of " + method.getName() + " (" + typeName(p) + ")");
            }
        }
        List<Class<?>> injected = new ArrayList<>();
        scanClass(resourceClass, found, injected);
        Set<Class<?>> visited = new HashSet<>(Set.of(resourceClass));
        for (Class<?> dependency : injected) {
            for (Class<?> beanClass : beanClasses(dependency)) {
                if (visited.add(beanClass)) {
                    scanClass(beanClass, found, null);
                }
            }
        }
        return List.copyOf(found);
    }

    /** Fields and constructor parameters of one class; collects the other injected types when asked. */
    private void scanClass(Class<?> type, Set<String> found, List<Class<?>> injected) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || !injects(f.getAnnotations())) {
                    continue;
                }
                if (identity(f.getGenericType())) {
                    found.add("field " + c.getSimpleName() + "." + f.getName() + " (" + f.getType().getName() + ")");
                } else if (injected != null) {
                    injected.add(injectedClass(f.getGenericType()));
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                scanParameters(c, k, found, injected);
            }
            for (Method m : c.getDeclaredMethods()) {      // initializer methods (@Inject void set(...))
                if (injects(m.getAnnotations())) {
                    scanParameters(c, m, found, injected);
                }
            }
        }
    }

    private void scanParameters(Class<?> owner, Executable e, Set<String> found, List<Class<?>> injected) {
        boolean injectedExecutable = injects(e.getAnnotations()) || e instanceof Constructor<?>;
        for (Parameter p : e.getParameters()) {
            boolean injectedParameter = injectedExecutable || injects(p.getAnnotations());
            if (!injectedParameter) {
                continue;
            }
            if (identity(p.getParameterizedType())) {
                found.add("parameter " + p.getName() + " of " + owner.getSimpleName()
                        + (e instanceof Constructor<?> ? "'s constructor" : "." + e.getName()) + " (" + typeName(p) + ")");
            } else if (injected != null && injects(e.getAnnotations())) {
                injected.add(injectedClass(p.getParameterizedType()));
            }
        }
    }

    private static boolean injects(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (INJECTION.contains(a.annotationType().getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean identity(Type type) {
        Class<?> raw = injectedClass(type);
        return raw != null && isIdentityType(raw);
    }

    private static boolean isIdentityType(Class<?> type) {
        if (IDENTITY_TYPES.contains(type.getName())) {
            return true;
        }
        for (Class<?> i : type.getInterfaces()) {
            if (isIdentityType(i)) {
                return true;
            }
        }
        return type.getSuperclass() != null && isIdentityType(type.getSuperclass());
    }

    /** The class an injection point receives: {@code Instance<X>} and {@code Provider<X>} give X. */
    private static Class<?> injectedClass(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            if (PROVIDERS.contains(raw.getName()) && p.getActualTypeArguments().length == 1) {
                return injectedClass(p.getActualTypeArguments()[0]);
            }
            return raw;
        }
        return type instanceof Class<?> c ? c : null;
    }

    /** The bean classes behind an injected type worth scanning: the application's, not the platform's. */
    private Set<Class<?>> beanClasses(Class<?> type) {
        if (type == null || platform(type.getName())) {
            return Set.of();
        }
        Set<Class<?>> classes = new LinkedHashSet<>();
        if (beans != null && (type.isInterface() || Modifier.isAbstract(type.getModifiers()))) {
            for (Bean<?> bean : beans.getBeans(type)) {
                if (!platform(bean.getBeanClass().getName())) {
                    classes.add(bean.getBeanClass());
                }
            }
        } else if (!type.isInterface()) {
            classes.add(type);
        }
        return classes;
    }

    private static boolean platform(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jakarta.")
                || name.startsWith("org.eclipse.microprofile.");
    }

    private static String typeName(Parameter p) {
        return p.getType().getName();
    }
}
