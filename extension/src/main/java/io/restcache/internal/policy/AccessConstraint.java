package io.restcache.internal.policy;

import java.util.Set;
import java.util.function.Predicate;

/**
 * The role constraints a method declares ({@code @RolesAllowed}, {@code @DenyAll}, {@code @PermitAll}).
 * A cache hit is answered by a filter and never reaches method-level security (an EJB or CDI
 * interceptor), so the lookup checks these first and, when the caller does not satisfy them, hands the
 * request to the method: the container then answers exactly as it would without the cache.
 *
 * @param denyAll whether the method is {@code @DenyAll}
 * @param rolesAllowed the roles of {@code @RolesAllowed}; empty when the method declares none
 */
public record AccessConstraint(boolean denyAll, Set<String> rolesAllowed) {

    /** No constraint: {@code @PermitAll} or nothing declared. */
    public static final AccessConstraint NONE = new AccessConstraint(false, Set.of());

    public AccessConstraint {
        rolesAllowed = Set.copyOf(rolesAllowed);
    }

    /** @param inRole whether the caller is in a role (SecurityContext#isUserInRole) */
    public boolean permits(Predicate<String> inRole) {
        if (denyAll) {
            return false;
        }
        return rolesAllowed.isEmpty() || rolesAllowed.stream().anyMatch(inRole);
    }
}
