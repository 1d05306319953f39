package io.restcache.internal.purge;

import io.restcache.internal.key.EdgeKeys;
import io.restcache.internal.runtime.Invalidation;
import io.restcache.internal.store.TagRef;
import java.util.HashSet;
import java.util.Set;

/**
 * The edge keys one invalidation maps to. A tag or path purge is the same key purge at the edge; a
 * resource purge is its resource key; a variant purge (an {@code HDEL} of some fields of the resources
 * under a path) is the keys of those variants under that path, so the edge drops exactly the objects
 * it holds of them (it holds variants only of methods whose variants it keys itself, by {@code Vary}:
 * see {@code EdgeLabels}); "everything" is the key every entry carries. A user purge maps to nothing:
 * per-user responses never reach the edge.
 */
public final class InvalidationKeys {

    private InvalidationKeys() {
    }

    public static Set<String> of(Invalidation invalidation, EdgeKeys keys) {
        Set<String> out = new HashSet<>();
        if (invalidation instanceof Invalidation.Indexed indexed) {
            for (TagRef ref : indexed.refs()) {
                keys.of(ref).ifPresent(out::add);
            }
        } else if (invalidation instanceof Invalidation.Variants variants) {
            if (variants.scope().kind() == TagRef.Kind.PATH) {
                variants.variantFields().forEach(field -> out.add(keys.variant(variants.scope().value(), field)));
            } else {
                keys.of(variants.scope()).ifPresent(out::add);     // a coarser scope: everything under it
            }
        } else if (invalidation instanceof Invalidation.Resources resources) {
            resources.resourceIds().forEach(id -> out.add(keys.resource(id)));
        } else if (invalidation instanceof Invalidation.Everything) {
            out.add(keys.all());
        }
        return out;
    }
}
