package io.restcache.itests.app;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Enforces the method's {@code @RolesAllowed} in a CDI interceptor, at method invocation — the way EJB
 * or Jakarta Security interceptors enforce method-level security, and (unlike a filter) invisible to a
 * cache that answers from a filter.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Guarded {
}
