package io.restcache.itests.app;

import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.ForbiddenException;
import java.util.Arrays;

/**
 * Method-level security for the tests: 403 unless the caller has one of the method's roles, checked
 * at invocation like an EJB container does, whether or not the server also checks in a JAX-RS filter.
 */
@Guarded
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
public class GuardInterceptor {

    @Inject
    SecurityContext security;

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        RolesAllowed roles = invocation.getMethod().getAnnotation(RolesAllowed.class);
        if (roles != null && Arrays.stream(roles.value()).noneMatch(security::isCallerInRole)) {
            throw new ForbiddenException("caller lacks " + Arrays.toString(roles.value()));
        }
        return invocation.proceed();
    }
}
