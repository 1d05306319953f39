package io.restcache.key;

import java.util.List;
import java.util.Set;

/**
 * What a method's keys are made of; compiled once per resource method from its annotations.
 *
 * @param queryNames the query parameters that count; empty means all of them
 * @param varyHeaders request header names (lower case) in the variant, in a fixed order
 * @param varyCookies cookie names in the variant, in a fixed order
 * @param varyByUser whether the caller's identity is part of the resource
 * @param negotiatesMediaType whether the method can produce more than one media type, which puts the
 *        request's {@code Accept} into the variant
 * @param contributors names of application {@code KeyContributor}s in the variant, in a fixed order
 */
public record KeySpec(
        Set<String> queryNames,
        List<String> varyHeaders,
        List<String> varyCookies,
        boolean varyByUser,
        boolean negotiatesMediaType,
        List<String> contributors) {

    /** A spec without contributors. */
    public KeySpec(Set<String> queryNames, List<String> varyHeaders, List<String> varyCookies, boolean varyByUser,
            boolean negotiatesMediaType) {
        this(queryNames, varyHeaders, varyCookies, varyByUser, negotiatesMediaType, List.of());
    }

    public KeySpec {
        contributors = List.copyOf(contributors);
        queryNames = Set.copyOf(queryNames);
        varyHeaders = List.copyOf(varyHeaders);
        varyCookies = List.copyOf(varyCookies);
    }
}
