package io.restcache.internal.config;

import java.util.Locale;

/**
 * {@code restcache.near-cache.tracking}: whether the near cache also listens to Redis's server-assisted
 * client-side caching (CLIENT TRACKING), the second invalidation channel beside the fleet topic, which
 * drops a node's near entries of a resource whenever its hash changes in Redis, whoever changed it.
 */
public enum NearTracking {
    /** The fleet topic and the near cache's maximum age only (the default). */
    OFF,
    /**
     * Broadcast mode on the resource-key prefix: Redis keeps one prefix per node, not a table of the keys
     * each node read, and announces every change under it.
     */
    BCAST;

    /**
     * Parses a setting value. {@code default} (Redis's per-key tracking table) is refused with the reason:
     * it costs Redis memory per key and node, and it only tracks keys read on the tracking connection, which
     * Redisson's pooled reads are not.
     */
    public static NearTracking parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "off":
                return OFF;
            case "bcast":
                return BCAST;
            case "default":
                throw InvalidConfigurationException.of(RestCacheSettings.NEAR_TRACKING, "off or bcast (Redis's default "
                        + "tracking mode keeps a table of every key each node read, ~72 bytes per key and node, and "
                        + "tracks only reads made on the tracking connection itself, which restcache's pooled reads "
                        + "are not)", value);
            default:
                throw InvalidConfigurationException.of(RestCacheSettings.NEAR_TRACKING, "off or bcast", value);
        }
    }
}
