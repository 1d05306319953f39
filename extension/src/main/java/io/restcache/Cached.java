package io.restcache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opts a {@code GET} resource method into restcache: its responses are stored in Redis (or Memcached,
 * see {@link #store()}) and served from there, before the method runs, until they expire or are
 * invalidated.
 *
 * <p>The defaults are closed: only {@code 200} responses are stored, never one carrying
 * {@code Set-Cookie}, {@code Cache-Control: no-store} or {@code private}, and an authenticated caller
 * (a principal or an {@code Authorization} header) is never served a shared entry unless the method
 * varies by user ({@link VaryBy#user()}) or declares itself {@link #shared()}.
 *
 * <p>Every attribute can be overridden per method from MicroProfile Config with the key
 * {@code restcache.method."<fully.qualified.Class>.<method>".<attribute>}, e.g.
 * {@code restcache.method."com.example.UserResource.get".ttl=5m}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Cached {

    /**
     * How long a stored response stays fresh, as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h},
     * {@code 1d} or an ISO-8601 duration ({@code PT30S}). Empty (the default) takes
     * {@code restcache.default-ttl}. Must be positive.
     *
     * @return the freshness lifetime; empty for {@code restcache.default-ttl}
     */
    String ttl() default "";

    /**
     * The response statuses that may be stored. Anything else passes through uncached.
     * Defaults to {@code 200} only.
     *
     * @return the statuses that may be stored
     */
    int[] statuses() default {200};

    /**
     * Declares that the response is the same for every caller, so that authenticated callers may be
     * served from, and stored into, one shared entry. Leave it {@code false} (the default) unless the
     * method never reads the caller's identity: restcache then bypasses the cache for authenticated
     * requests rather than risk serving one user's data to another.
     *
     * @return whether authenticated callers may share entries
     */
    boolean shared() default false;

    /**
     * Largest response body, in bytes, that may be stored; larger bodies pass through uncached.
     * {@code -1} (the default) takes {@code restcache.max-body-size}.
     *
     * @return the largest body stored, in bytes; {@code -1} for {@code restcache.max-body-size}
     */
    int maxBodySize() default -1;

    /**
     * After the TTL, how long a stale entry may still be served while one request refreshes it
     * (RFC 5861 {@code stale-while-revalidate}). Same syntax as {@link #ttl()}; empty means none.
     *
     * @return the stale-while-revalidate window; empty for none
     */
    String staleWhileRevalidate() default "";

    /**
     * After the TTL, how long a stale entry may still be served when the method fails (throws or
     * answers 5xx) (RFC 5861 {@code stale-if-error}). Same syntax as {@link #ttl()}; empty means none.
     *
     * @return the stale-if-error window; empty for none
     */
    String staleIfError() default "";

    /**
     * Interceptors that may be skipped on a cache hit: CDI interceptor binding annotations (such as a
     * {@code @Logged} that only logs) or interceptor classes named in EJB's {@code @Interceptors}. A hit
     * is answered before the method is invoked, so no interceptor runs for it; restcache therefore fails
     * the deployment of a cached method that any other interceptor applies to (except its own and
     * {@code jakarta.transaction.Transactional}), since it may authorize, audit or rate-limit. List here
     * only interceptors whose skipping changes nothing a caller may see or be refused. Applications can
     * also declare bindings harmless for every method with {@code restcache.hit-safe-interceptors}.
     *
     * @return the interceptor bindings or classes a hit may skip
     */
    Class<?>[] hitSafeInterceptors() default {};

    /**
     * With {@link #shared()}, acknowledges that the response body does not depend on who the caller is
     * although the resource (or a bean it injects) has an injection point that can tell — Jakarta
     * Security's {@code SecurityContext}, {@code HttpServletRequest}, a {@code Principal}, an EJB context
     * — for instance one used only to write an audit log. Without it, such a shared method fails the
     * deployment: restcache cannot see reads through those objects, and a personalised body would be
     * served to everyone. Reads through JAX-RS's {@code SecurityContext} are still watched at run time.
     *
     * @return whether the body of a shared method ignores the caller's identity
     */
    boolean bodyIgnoresIdentity() default false;

    /**
     * Who decides how long a response stays fresh. {@code "annotation"}: {@link #ttl()} and the stale
     * windows, which the response's own {@code Cache-Control}/{@code Expires} can only shorten.
     * {@code "origin"}: the response's own freshness ({@code s-maxage}, {@code max-age}, {@code Expires})
     * decides, up to {@code restcache.freshness.origin-max-ttl}, and {@link #ttl()} applies only where the
     * response states none, so the same headers drive restcache, CDNs and browsers. In both modes the
     * stale windows are capped by {@link #staleWhileRevalidate()} and {@link #staleIfError()}. Empty (the default) takes
     * {@code restcache.freshness} (default {@code annotation}).
     *
     * @return {@code "annotation"}, {@code "origin"}, or empty for {@code restcache.freshness}
     */
    String freshness() default "";

    /**
     * Which store holds this method's entries: {@code "redis"}, or {@code "memcached"} for a TTL-only
     * endpoint (invalidated by version counters; no fleet lease, fence or per-variant purge, and bodies
     * bounded by Memcached's 1 MB item limit, see the README). Empty (the default) takes
     * {@code restcache.store} (default {@code redis}).
     *
     * @return {@code "redis"}, {@code "memcached"}, or empty for {@code restcache.store}
     */
    String store() default "";
}
