package io.restcache.internal.ops;

import java.util.Map;

/**
 * How one of restcache's counters reads in Micrometer: a dotted meter name and a tag for the part after
 * the first dot ({@code hit.near} is {@code restcache.hit} with {@code source=near},
 * {@code not-stored.status} is {@code restcache.not.stored} with {@code reason=status}), so that a
 * dashboard sums or splits one family instead of listing flat names. Reasons are fixed words in the
 * code, so the tags stay few.
 */
record MeterName(String name, Map<String, String> tags) {

    /** The tag that names the detail of each counter family; other families use {@code kind}. */
    private static final Map<String, String> TAG_KEYS = Map.of(
            "hit", "source",
            "stale", "directive",
            "bypass", "reason",
            "not-stored", "reason",
            "store", "outcome",
            "invalidation", "outcome");

    static MeterName of(String counter) {
        int dot = counter.indexOf('.');
        if (dot < 0) {
            return new MeterName(meter(counter), Map.of());
        }
        String family = counter.substring(0, dot);
        return new MeterName(meter(family), Map.of(TAG_KEYS.getOrDefault(family, "kind"), counter.substring(dot + 1)));
    }

    private static String meter(String family) {
        return "restcache." + family.replace('-', '.');
    }
}
