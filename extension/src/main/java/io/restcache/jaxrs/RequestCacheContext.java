package io.restcache.jaxrs;

import io.restcache.CacheContext;
import jakarta.enterprise.context.RequestScoped;
import java.util.LinkedHashSet;
import java.util.Set;

/** The request-scoped {@link CacheContext}: collects what the method says while it runs. */
@RequestScoped
public class RequestCacheContext implements CacheContext {

    private final Set<String> tags = new LinkedHashSet<>();
    private boolean storeVetoed;

    @Override
    public void tag(String... added) {
        for (String tag : added) {
            if (tag == null || tag.isBlank()) {
                throw new IllegalArgumentException("a cache tag must not be null or blank");
            }
            tags.add(tag);
        }
    }

    @Override
    public void doNotStore() {
        storeVetoed = true;
    }

    Set<String> tags() {
        return Set.copyOf(tags);
    }

    boolean storeVetoed() {
        return storeVetoed;
    }
}
