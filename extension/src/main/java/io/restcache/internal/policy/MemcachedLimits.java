package io.restcache.internal.policy;

import io.restcache.internal.config.RestCacheSettings;
import java.util.logging.Logger;

/**
 * What a Memcached method may store: a body and its headers must fit in one Memcached item (1 MB by
 * default), so the body is bounded below it. An explicit {@code maxBodySize} above the bound fails the
 * deployment; the global default ({@code restcache.max-body-size}, 1 MiB) is lowered to it.
 */
final class MemcachedLimits {

    private static final Logger LOG = Logger.getLogger(MemcachedLimits.class.getName());

    /** Room left in an item for the headers, the version stamp and Memcached's own overhead. */
    static final int HEADROOM = 64 * 1024;

    /** The largest body a Memcached method stores. */
    static final int MAX_BODY = io.restcache.internal.config.MemcachedSettings.ITEM_LIMIT - HEADROOM;

    private MemcachedLimits() {
    }

    /**
     * @param annotated {@code @Cached(maxBodySize)}
     * @param resolved the size the method would have on Redis (override, annotation or default)
     */
    static int maxBodySize(MethodDescription m, int annotated, int resolved, String overrideKey,
            RestCacheSettings settings) {
        if (resolved <= MAX_BODY) {
            return resolved;
        }
        boolean explicit = annotated != -1 || settings.methodOverride(m.className(), m.methodName(),
                "max-body-size").isPresent();
        if (explicit) {
            throw new PolicyException(m.id() + ": @Cached(maxBodySize) (or " + overrideKey + ") is " + resolved
                    + " bytes, above what a Memcached item holds with its headers (" + MAX_BODY + " bytes; "
                    + "Memcached's item limit is " + io.restcache.internal.config.MemcachedSettings.ITEM_LIMIT + ")");
        }
        LOG.fine(() -> m.id() + ": bodies above " + MAX_BODY + " bytes are not stored in Memcached ("
                + RestCacheSettings.MAX_BODY_SIZE + " is " + resolved + ")");
        return MAX_BODY;
    }
}
