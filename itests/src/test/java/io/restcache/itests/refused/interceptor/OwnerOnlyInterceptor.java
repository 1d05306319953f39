package io.restcache.itests.refused.interceptor;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.ForbiddenException;
import jakarta.servlet.http.HttpServletRequest;

/** 403 unless the caller says it is the owner: a check that a cache hit, answered from a filter, would skip. */
@OwnerOnly
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class OwnerOnlyInterceptor {

    @Inject
    HttpServletRequest request;

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        if (!"owner".equals(request.getHeader("X-Caller"))) {
            throw new ForbiddenException("owners only");
        }
        return invocation.proceed();
    }
}
