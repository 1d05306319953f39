package io.restcache.internal.jaxrs;

import io.restcache.internal.policy.CompiledMethod;
import io.restcache.internal.policy.MethodDescription;
import io.restcache.internal.runtime.RestCacheRuntime;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;
import java.util.logging.Logger;

/**
 * Compiles each annotated resource method into one immutable policy at deployment and registers
 * provider <em>instances</em> for that method alone (instances, because Payara's HK2 cannot inject into
 * providers registered by class; instances work on every server). Methods without restcache
 * annotations get nothing and pay nothing. An invalid combination throws, which fails the deployment
 * with a message naming the method.
 */
@Provider
public class RestCacheFeature implements DynamicFeature {

    /**
     * After the application's authentication (1000) and authorization (2000) filters and after filters
     * at the default user priority (5000): a hit must never skip an access check.
     */
    static final int LOOKUP_PRIORITY = Priorities.USER + 1000;

    /**
     * Writer interceptors run in ascending priority, each wrapping the stream of the next: above
     * {@code ENTITY_CODER} (4000), the capture sees the body as the writer produced it, before any
     * content coding applied by the application.
     */
    static final int CAPTURE_PRIORITY = Priorities.USER + 1000;

    /**
     * Response filters run in descending priority: storability is decided after the application's own
     * response filters (default priority {@code USER}, 5000, and the standard ones down to
     * {@code AUTHENTICATION}, 1000), on the headers as they go out: a {@code Set-Cookie}, {@code private}
     * or {@code Vary} added by such a filter is seen. Zero rather than {@code Integer.MIN_VALUE}: some
     * runtimes order priorities by subtraction.
     */
    static final int STORE_PRIORITY = 0;

    /** Response filters run in descending priority: the drop happens after the application's own filters. */
    static final int INVALIDATION_PRIORITY = Priorities.USER - 1000;

    private static final Logger LOG = Logger.getLogger(RestCacheFeature.class.getName());

    @Inject
    RestCacheRuntime runtime;

    @Inject
    Instance<RequestCacheContext> cacheContext;

    @Inject
    Transactions transactions;

    @Inject
    BeanManager beans;

    private volatile UsedCacheContext usedCacheContext;

    private UsedCacheContext usedCacheContext() {
        if (usedCacheContext == null) {
            usedCacheContext = new UsedCacheContext(beans);
        }
        return usedCacheContext;
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Class<?> resourceClass = resourceInfo.getResourceClass();
        Method method = resourceInfo.getResourceMethod();
        if (resourceClass == null || method == null) {
            return;
        }
        boolean annotated = MethodDescriptions.annotated(resourceClass, method);
        boolean dropsItsTarget = MethodDescriptions.unsafe(method)
                && (runtime == null || runtime.settings().invalidateUnsafeRequests());
        if (!annotated && !dropsItsTarget) {
            return;
        }
        if (runtime == null) {
            throw new IllegalStateException("restcache: CDI did not inject RestCacheRuntime into RestCacheFeature; "
                    + "enable CDI for the application (a beans.xml, or bean-defining annotations)");
        }
        RestCacheRuntime runtime = this.runtime.unproxied().get();
        MethodDescription description = MethodDescriptions.describe(resourceClass, method,
                new InterceptorScan(beans), new IdentityInjectionScan(beans));
        CompiledMethod compiled = runtime.compiler().compile(description);
        compiled.cache().ifPresent(policy -> {
            Contributions contributions = new Contributions(policy.keySpec().contributors().stream()
                    .map(runtime.contributors()::get).toList());
            context.register(new CacheLookupFilter(policy, runtime, contributions, cacheContext), LOOKUP_PRIORITY);
            context.register(new StaleIfErrorFilter(policy, runtime), LOOKUP_PRIORITY);
            context.register(new CacheStoreFilter(policy, runtime, usedCacheContext()), STORE_PRIORITY);
            context.register(new BodyCaptureInterceptor(policy, runtime), CAPTURE_PRIORITY);
            runtime.register(policy);
            LOG.fine(() -> "restcache caches " + description.id() + " for " + policy.ttl());
        });
        if (compiled.invalidation().isPresent() || dropsItsTarget) {
            context.register(new InvalidationFilter(compiled.invalidation().orElse(List.of()), runtime, transactions,
                    cacheContext), INVALIDATION_PRIORITY);
        }
    }
}
