package io.restcache;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Drops every cached response carrying one of these tags, on every node, after the annotated
 * resource method succeeds.
 *
 * <p>It fires only when the response status is 2xx, and only once the method's transaction has
 * committed: as a CDI interceptor binding it runs inside the transaction of a {@code @Transactional}
 * method or an EJB and registers a transaction synchronization there, so a rollback — including a
 * transaction marked rollback-only whose method returned normally — drops nothing. The drop itself runs
 * in restcache's response filter, which resolves the {@code {variables}} from the request. On a
 * resource class that CDI does not intercept, the drop follows the status alone (a rolled-back
 * method that still answers 2xx then drops its entries anyway: a harmless extra miss, never a stale hit).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@InterceptorBinding
public @interface InvalidateTags {

    /**
     * Tag templates, with the same {@code {name}} variables as {@link CacheTags#value()}; an unknown
     * variable fails the deployment, naming the method.
     *
     * @return the tag templates
     */
    @Nonbinding
    String[] value();
}
