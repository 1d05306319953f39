package io.restcache.internal.jaxrs;

import io.restcache.internal.policy.InterceptorUse;
import jakarta.enterprise.inject.Stereotype;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.Interceptors;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds, once at deployment, the interceptors that would run around a resource method — and that a
 * cache hit, answered before the method is invoked, skips: CDI interceptor bindings on the method and
 * its class, through stereotypes and through bindings declared on bindings, and the classes EJB's
 * {@code @Interceptors} names. Asks the {@link BeanManager} what is a binding or a stereotype, so that
 * bindings an extension registers count too. Default interceptors declared in {@code ejb-jar.xml} are
 * invisible here.
 */
final class InterceptorScan {

    private final BeanManager beans;

    /** @param beans the application's bean manager; {@code null} reads only the meta-annotations */
    InterceptorScan(BeanManager beans) {
        this.beans = beans;
    }

    List<InterceptorUse> of(Class<?> resourceClass, Method method) {
        List<InterceptorUse> uses = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        collect(method, "on the method", uses, seen);
        collect(resourceClass, "on the class", uses, seen);
        return List.copyOf(uses);
    }

    private void collect(AnnotatedElement level, String where, List<InterceptorUse> uses, Set<String> seen) {
        Interceptors ejb = level.getAnnotation(Interceptors.class);
        if (ejb != null) {
            for (Class<?> interceptor : ejb.value()) {
                if (seen.add("class " + interceptor.getName())) {
                    uses.add(new InterceptorUse(interceptor.getName(), where, false));
                }
            }
        }
        for (Annotation a : level.getAnnotations()) {
            annotation(a.annotationType(), where, uses, seen);
        }
    }

    private void annotation(Class<? extends Annotation> type, String where, List<InterceptorUse> uses,
            Set<String> seen) {
        if (isBinding(type)) {
            if (seen.add(type.getName())) {
                uses.add(new InterceptorUse(type.getName(), where, true));
                for (Annotation inherited : type.getAnnotations()) {     // a binding declared on a binding applies too
                    annotation(inherited.annotationType(), "through @" + type.getSimpleName() + " " + where, uses,
                            seen);
                }
            }
        } else if (isStereotype(type) && seen.add("stereotype " + type.getName())) {
            for (Annotation member : stereotypeMembers(type)) {
                annotation(member.annotationType(), "through stereotype @" + type.getSimpleName() + " " + where,
                        uses, seen);
            }
        }
    }

    private boolean isBinding(Class<? extends Annotation> type) {
        return type.isAnnotationPresent(InterceptorBinding.class) || (beans != null && beans.isInterceptorBinding(type));
    }

    private boolean isStereotype(Class<? extends Annotation> type) {
        return type.isAnnotationPresent(Stereotype.class) || (beans != null && beans.isStereotype(type));
    }

    private Set<Annotation> stereotypeMembers(Class<? extends Annotation> type) {
        if (beans != null && beans.isStereotype(type)) {
            return beans.getStereotypeDefinition(type);
        }
        return Set.of(type.getAnnotations());
    }
}
