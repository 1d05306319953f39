package io.restcache.internal.runtime;

import io.restcache.internal.store.TagRef;
import java.util.Set;

/**
 * One invalidation, as it goes out through {@link InvalidationService}: the single path every
 * invalidation takes (annotations, the API, CDI events), so that the fleet can fan each one out.
 */
public sealed interface Invalidation {

    /** Every variant indexed under any of these tags, paths or users. */
    record Indexed(Set<TagRef> refs) implements Invalidation {
        public Indexed {
            refs = Set.copyOf(refs);
        }
    }

    /** Every per-user variant of these principals (hashed when executed: the secret may arrive later). */
    record Users(Set<String> principalNames) implements Invalidation {
        public Users {
            principalNames = Set.copyOf(principalNames);
        }
    }

    /** The variants with these fields among those indexed under a path. */
    record Variants(TagRef scope, Set<String> variantFields) implements Invalidation {
        public Variants {
            variantFields = Set.copyOf(variantFields);
        }
    }

    /** Whole resources, by resource id (their keys, in the current generation, are derived at execution). */
    record Resources(Set<String> resourceIds) implements Invalidation {
        public Resources {
            resourceIds = Set.copyOf(resourceIds);
        }
    }

    /** Everything: a generation bump. */
    record Everything() implements Invalidation {
    }
}
