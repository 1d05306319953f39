package io.restcache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares what, beyond the route, its path parameters and its query string, makes two requests
 * to a {@link Cached} method receive different responses. Each dimension named here joins the
 * cache key; the request headers it names are also listed in the response's {@code Vary} header.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface VaryBy {

    /**
     * Request header names (case-insensitive), e.g. {@code "Accept-Language"}. Their values join the
     * variant part of the key: one stored representation per distinct value.
     */
    String[] headers() default {};

    /**
     * Query parameter names that make a difference. Empty (the default) means all of them, with
     * their multiplicity and order kept; a list narrows the key to just those parameters.
     */
    String[] query() default {};

    /** Cookie names whose values join the key. */
    String[] cookies() default {};

    /**
     * One entry per caller: a keyed hash (HMAC) of the authenticated principal's name joins the key,
     * so no caller is ever served another caller's entry. Anonymous callers share one entry. The
     * response goes out with {@code Cache-Control: private}.
     */
    boolean user() default false;

    /**
     * Names of application-provided {@link KeyContributor} CDI beans (their {@link KeyContributor#name()})
     * whose values join the key: tenant, feature flags, API version resolved by the application.
     */
    String[] contributors() default {};
}
