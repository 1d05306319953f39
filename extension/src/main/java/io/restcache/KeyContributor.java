package io.restcache;

/**
 * SPI: an application-provided dimension of the cache key, for what only the application can
 * resolve (tenant, feature flags, API version). Implement it as a CDI bean and name it in
 * {@link VaryBy#contributors()}.
 */
public interface KeyContributor {

    /** The name that {@link VaryBy#contributors()} refers to; unique within the application. */
    String name();

    /**
     * This request's value of the dimension. Called on the request thread before lookup, after the
     * application's authentication filters. {@code null} means absent, which is distinct from empty.
     */
    String value(RequestView request);

    /** What a contributor may read of the request: the values the resource method sees too. */
    interface RequestView {
        /** The first value of a request header, or {@code null}. */
        String header(String name);

        /** The authenticated principal's name, or {@code null} for an anonymous caller. */
        String principalName();

        /** Whether the caller is in the given role. */
        boolean isUserInRole(String role);
    }
}
