package io.restcache.internal.store;

import java.util.Locale;
import java.util.Optional;

/**
 * Which backend holds a cached method's entries: {@code restcache.store} for every method, or
 * {@code @Cached(store)} and its per-method override for one.
 */
public enum StoreKind {
    /** Redis: tag, path, user, variant and resource purges, fences, fleet leases. */
    REDIS,
    /** Memcached: TTL-only entries, invalidated by bumping version counters (see the README). */
    MEMCACHED;

    /** The configured name: {@code redis} or {@code memcached}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with this configured name (case-insensitive, trimmed), if any. */
    public static Optional<StoreKind> parse(String name) {
        for (StoreKind kind : values()) {
            if (kind.configName().equalsIgnoreCase(name.trim())) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
