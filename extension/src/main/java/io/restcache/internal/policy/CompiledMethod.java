package io.restcache.internal.policy;

import java.util.List;
import java.util.Optional;

/**
 * The result of compiling one resource method's restcache annotations. Anything the annotations ask for
 * that cannot take effect fails the compilation (a {@link PolicyException} naming the method): nothing
 * is silently ignored, so there are no warnings to carry.
 *
 * @param cache the caching policy, when the method is {@code @Cached}
 * @param invalidation the tags to drop after success, when the method has {@code @InvalidateTags}
 */
public record CompiledMethod(
        Optional<CachePolicy> cache,
        Optional<List<TagTemplate>> invalidation) {
}
