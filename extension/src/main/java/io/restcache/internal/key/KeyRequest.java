package io.restcache.internal.key;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed request values a key is built from: the same values the resource method sees (JAX-RS
 * {@code UriInfo}, {@code HttpHeaders}, {@code SecurityContext}), copied by the adapter. Nothing here
 * is parsed again from the raw request.
 *
 * @param route the resource method's identity and route template, e.g. {@code com.x.UserResource#get /users/{id}}
 * @param pathParameters decoded path parameters by name
 * @param queryParameters decoded query parameters by name, each with its values in request order
 * @param userHash the keyed hash of the caller, or empty when the method does not vary by user
 * @param headers request headers by lower-case name, each with its values in request order; only the
 *        headers the policy varies on are read
 * @param cookies request cookie values by name; only the cookies the policy varies on are read
 * @param contributions values of the policy's key contributors by name; a missing name means absent
 * @param authority the request's effective origin as JAX-RS resolved it ({@link Authority#of}), or empty
 *        when the method's keys do not include it
 */
public record KeyRequest(
        String route,
        Map<String, List<String>> pathParameters,
        Map<String, List<String>> queryParameters,
        Optional<String> userHash,
        Map<String, List<String>> headers,
        Map<String, String> cookies,
        Map<String, String> contributions,
        Optional<String> authority) {

    /** A request without contributions or authority. */
    public KeyRequest(String route, Map<String, List<String>> pathParameters,
            Map<String, List<String>> queryParameters, Optional<String> userHash,
            Map<String, List<String>> headers, Map<String, String> cookies) {
        this(route, pathParameters, queryParameters, userHash, headers, cookies, Map.of());
    }

    /** A request without authority. */
    public KeyRequest(String route, Map<String, List<String>> pathParameters,
            Map<String, List<String>> queryParameters, Optional<String> userHash,
            Map<String, List<String>> headers, Map<String, String> cookies, Map<String, String> contributions) {
        this(route, pathParameters, queryParameters, userHash, headers, cookies, contributions, Optional.empty());
    }
}
