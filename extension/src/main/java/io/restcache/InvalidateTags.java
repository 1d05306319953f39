package io.restcache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Drops every cached response carrying one of these tags, on every node, after the annotated
 * resource method succeeds.
 *
 * <p>It fires only when the response status is 2xx. It runs in restcache's response filter, that is
 * after the method has returned, so a transaction that the method demarcates ({@code @Transactional},
 * an EJB) has already committed; a method whose transaction rolled back fails and drops nothing. When a
 * JTA transaction is still active at that point (one begun outside the method), the drop is registered
 * as a transaction synchronization and happens only after that transaction commits.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface InvalidateTags {

    /**
     * Tag templates, with the same {@code {name}} variables as {@link CacheTags#value()}; an unknown
     * variable fails the deployment, naming the method.
     */
    String[] value();
}
