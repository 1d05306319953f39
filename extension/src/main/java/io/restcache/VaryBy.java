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
     *
     * @return the request header names that select the representation
     */
    String[] headers() default {};

    /**
     * Query parameter names that make a difference besides the method's declared {@code @QueryParam}s
     * (on its parameters, its resource's fields and in its {@code @BeanParam} beans), which always count.
     * By default only the declared ones count, so a parameter the method never reads (a cache buster,
     * tracking junk) does not make a new entry. A method that injects {@code UriInfo} or the servlet
     * request may read any parameter: unless it names the ones it reads here, all of them count.
     *
     * @return the query parameter names that count besides the declared ones
     */
    String[] query() default {};

    /**
     * The language tags the method serves (e.g. {@code {"en", "de", "fr"}}), in preference order, for a
     * method whose {@link #headers()} include {@code Accept-Language}. The variant is then the tag an
     * RFC 4647 lookup ({@code Locale.lookupTag}) picks from them, or "none": one entry per language however
     * many different headers clients send. The method must choose its language the same way. Empty (the
     * default) uses {@code restcache.vary.accept-language.supported}; when that is not set either, the
     * variant is the normalised header itself, bounded only by {@code restcache.key.max-variants}.
     *
     * @return the language tags served, in preference order
     */
    String[] languages() default {};

    /**
     * Cookie names whose values join the key.
     *
     * @return the cookie names that join the key
     */
    String[] cookies() default {};

    /**
     * One entry per caller: a keyed hash (HMAC) of the authenticated principal's name joins the key,
     * so no caller is ever served another caller's entry. Anonymous callers share one entry. The
     * response goes out with {@code Cache-Control: private}.
     *
     * @return whether each caller gets an entry of its own
     */
    boolean user() default false;

    /**
     * Names of application-provided {@link io.restcache.spi.KeyContributor} CDI beans (their {@link io.restcache.spi.KeyContributor#name()})
     * whose values join the key: tenant, feature flags, API version resolved by the application.
     *
     * @return the names of the key contributors
     */
    String[] contributors() default {};

    /**
     * Whether {@code Accept} joins the key and the response's {@code Vary} where the runtime chooses the
     * media type by it: when the method has no {@code @Produces}, several types, or a wildcard type (the
     * runtime then picks the writer's type from {@code Accept}, JAX-RS "Determining the MediaType of
     * Responses"). Set {@code false} for a method that always sets its response's {@code Content-Type}
     * itself, such as one that forwards an upstream's answer: {@code Accept} then selects nothing, and
     * naming it would split the cache and tell downstream caches something untrue. A method with one
     * concrete {@code @Produces} type never varies by {@code Accept}, whatever this says.
     *
     * @return whether {@code Accept} selects the representation where the runtime negotiates the type
     */
    boolean accept() default true;
}
