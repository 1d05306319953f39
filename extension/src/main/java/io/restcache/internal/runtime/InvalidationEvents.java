package io.restcache.internal.runtime;

import io.restcache.CacheInvalidation;
import io.restcache.ResponseCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Turns {@link CacheInvalidation} CDI events into invalidations, after the firing transaction commits
 * ({@code AFTER_SUCCESS}: nothing on rollback; at once when no transaction is active).
 */
@ApplicationScoped
public class InvalidationEvents {

    @Inject
    ResponseCache responses;

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) CacheInvalidation event) {
        switch (event.scope()) {
            case TAGS -> responses.invalidateTags(event.values().toArray(String[]::new));
            case PATHS -> event.values().forEach(responses::invalidate);
            case USERS -> event.values().forEach(responses::invalidateUser);
            case EVERYTHING -> responses.invalidateAll();
            default -> throw new IllegalStateException("unknown scope " + event.scope());
        }
    }
}
