package io.restcache.internal.key;

import java.util.List;
import java.util.Set;

/**
 * What a method's keys are made of; compiled once per resource method from its annotations.
 *
 * @param queryNames the query parameters that count when {@code allQueryParameters} is false
 * @param allQueryParameters whether every query parameter counts (a method that reads the whole query
 *        string, through {@code UriInfo}, and names none in {@code @VaryBy(query)})
 * @param varyHeaders request header names (lower case) in the variant, in a fixed order
 * @param varyCookies cookie names in the variant, in a fixed order
 * @param varyByUser whether the caller's identity is part of the resource
 * @param negotiatesMediaType whether the method can produce more than one media type, which puts the
 *        request's {@code Accept} into the variant
 * @param contributors names of application {@code KeyContributor}s in the variant, in a fixed order
 * @param keysAuthority whether the request's effective scheme and authority are part of the resource
 *        ({@code restcache.key.authority=include}, the default)
 * @param supportedLanguages the language tags the method serves, in preference order; when not empty
 *        and the method varies by {@code Accept-Language}, the variant holds the tag an RFC 4647 lookup
 *        picks from them (or none), not the header
 */
public record KeySpec(
        Set<String> queryNames,
        boolean allQueryParameters,
        List<String> varyHeaders,
        List<String> varyCookies,
        boolean varyByUser,
        boolean negotiatesMediaType,
        List<String> contributors,
        boolean keysAuthority,
        List<String> supportedLanguages) {

    /**
     * A spec without contributors, authority or language resolution; an empty {@code queryNames}
     * means every query parameter counts.
     */
    public KeySpec(Set<String> queryNames, List<String> varyHeaders, List<String> varyCookies, boolean varyByUser,
            boolean negotiatesMediaType) {
        this(queryNames, varyHeaders, varyCookies, varyByUser, negotiatesMediaType, List.of());
    }

    /**
     * A spec without authority or language resolution; an empty {@code queryNames} means every query
     * parameter counts.
     */
    public KeySpec(Set<String> queryNames, List<String> varyHeaders, List<String> varyCookies, boolean varyByUser,
            boolean negotiatesMediaType, List<String> contributors) {
        this(queryNames, queryNames.isEmpty(), varyHeaders, varyCookies, varyByUser, negotiatesMediaType, contributors,
                false, List.of());
    }

    public KeySpec {
        contributors = List.copyOf(contributors);
        queryNames = Set.copyOf(queryNames);
        varyHeaders = List.copyOf(varyHeaders);
        varyCookies = List.copyOf(varyCookies);
        supportedLanguages = List.copyOf(supportedLanguages);
    }

    /** The same spec with the authority in (or out of) the resource. */
    public KeySpec withAuthority(boolean keyed) {
        return new KeySpec(queryNames, allQueryParameters, varyHeaders, varyCookies, varyByUser, negotiatesMediaType,
                contributors, keyed, supportedLanguages);
    }
}
