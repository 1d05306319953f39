package io.restcache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tags every response that a {@link Cached} method stores, so that one
 * {@link InvalidateTags invalidation} or {@link ResponseCache#invalidateTags(String...)} call drops
 * all of them, on every node. Tags known only while the method runs are added through
 * {@link CacheContext#tag(String...)}.
 *
 * <p>Example: {@code @CacheTags({"user:{id}", "users"})} on {@code GET /users/{id}}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CacheTags {

    /**
     * Tag templates. {@code {name}} is replaced by the path parameter of that name, or else by the
     * first value of the query parameter of that name; a variable that neither the route nor the
     * method's {@code @QueryParam}s declare fails the deployment, naming the method.
     *
     * @return the tag templates
     */
    String[] value();
}
