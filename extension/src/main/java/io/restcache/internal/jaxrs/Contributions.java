package io.restcache.internal.jaxrs;

import io.restcache.spi.KeyContributor;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Asks a method's key contributors for this request's values. */
final class Contributions {

    private final List<KeyContributor> contributors;

    Contributions(List<KeyContributor> contributors) {
        this.contributors = List.copyOf(contributors);
    }

    boolean isEmpty() {
        return contributors.isEmpty();
    }

    /** Values by contributor name; a contributor answering null is left out (absent). */
    Map<String, String> of(ContainerRequestContext request) {
        if (contributors.isEmpty()) {
            return Map.of();
        }
        KeyContributor.RequestView view = new KeyContributor.RequestView() {
            @Override
            public String header(String name) {
                return request.getHeaderString(name);
            }

            @Override
            public String principalName() {
                Principal p = request.getSecurityContext().getUserPrincipal();
                return p == null ? null : p.getName();
            }

            @Override
            public boolean isUserInRole(String role) {
                return request.getSecurityContext().isUserInRole(role);
            }
        };
        Map<String, String> values = new HashMap<>();
        for (KeyContributor c : contributors) {
            String v = c.value(view);
            if (v != null) {
                values.put(c.name(), v);
            }
        }
        return values;
    }
}
