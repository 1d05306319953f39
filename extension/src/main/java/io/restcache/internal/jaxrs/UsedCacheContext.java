package io.restcache.internal.jaxrs;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.Optional;

/**
 * The request's {@link RequestCacheContext}, if the method used it. Most methods never touch their
 * {@code CacheContext}; asking the request context for the existing instance only (never creating
 * one) spares every such request the creation and destruction of a request-scoped bean, which cost
 * more than the rest of the store decision.
 */
final class UsedCacheContext {

    private final BeanManager beans;
    private final Bean<RequestCacheContext> bean;

    @SuppressWarnings("unchecked")
    UsedCacheContext(BeanManager beans) {
        this.beans = beans;
        this.bean = (Bean<RequestCacheContext>) beans.resolve(beans.getBeans(RequestCacheContext.class));
    }

    /** The instance the method's calls created in this request, or empty when it made none. */
    Optional<RequestCacheContext> current() {
        try {
            return Optional.ofNullable(beans.getContext(RequestScoped.class).get(bean));
        } catch (ContextNotActiveException e) {
            return Optional.empty();
        }
    }
}
