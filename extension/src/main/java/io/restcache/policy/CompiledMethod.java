package io.restcache.policy;

import java.util.List;
import java.util.Optional;

/**
 * The result of compiling one resource method's restcache annotations.
 *
 * @param cache the caching policy, when the method is {@code @Cached}
 * @param invalidation the tags to drop after success, when the method has {@code @InvalidateTags}
 * @param warnings things the annotations ask for that do not take effect, each naming the method;
 *        logged at deployment so nothing is silently ignored
 */
public record CompiledMethod(
        Optional<CachePolicy> cache,
        Optional<List<TagTemplate>> invalidation,
        List<String> warnings) {

    public CompiledMethod {
        warnings = List.copyOf(warnings);
    }
}
