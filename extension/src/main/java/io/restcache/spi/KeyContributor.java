package io.restcache.spi;

import io.restcache.VaryBy;

/**
 * SPI: an application-provided dimension of the cache key, for what only the application can
 * resolve (tenant, feature flags, API version). Implement it as a CDI bean and name it in
 * {@link VaryBy#contributors()}.
 */
public interface KeyContributor {

    /**
     * The name that {@link VaryBy#contributors()} refers to; unique within the application.
     *
     * @return the contributor's name
     */
    String name();

    /**
     * This request's value of the dimension. Called on the request thread before lookup, after the
     * application's authentication filters. {@code null} means absent, which is distinct from empty.
     *
     * @param request what the contributor may read of the request
     * @return the value, or {@code null} when absent
     */
    String value(RequestView request);

    /** What a contributor may read of the request: the values the resource method sees too. */
    interface RequestView {
        /**
         * A request header's value (several occurrences joined by commas, as JAX-RS's
         * {@code getHeaderString} does), or {@code null}.
         *
         * @param name the header name, case-insensitive
         * @return the value, or {@code null} when the request has no such header
         */
        String header(String name);

        /**
         * The authenticated principal's name, or {@code null} for an anonymous caller.
         *
         * @return the principal's name, or {@code null}
         */
        String principalName();

        /**
         * Whether the caller is in the given role.
         *
         * @param role the role name
         * @return whether the caller is in the role
         */
        boolean isUserInRole(String role);
    }
}
