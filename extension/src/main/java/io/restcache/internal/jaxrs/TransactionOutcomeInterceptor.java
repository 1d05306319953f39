package io.restcache.internal.jaxrs;

import io.restcache.InvalidateTags;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs inside an {@code @InvalidateTags} method's transaction (its priority places it within
 * {@code @Transactional}'s and an EJB container's) and records how that transaction ends, so that the
 * response filter drops tags only after a commit. A rollback-only transaction whose method returned
 * normally is caught here too: the status says 2xx, the transaction says no.
 */
@InvalidateTags({})
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_AFTER)
public class TransactionOutcomeInterceptor {

    @Inject
    RequestCacheContext request;

    @Inject
    Transactions transactions;

    @AroundInvoke
    Object recordOutcome(InvocationContext invocation) throws Exception {
        Object result = invocation.proceed();
        try {
            if (transactions.hook().afterCompletion(request::transactionCompleted)) {
                request.transactionStarted();
            }
        } catch (ContextNotActiveException notAnHttpRequest) {
            // @InvalidateTags outside a JAX-RS request has nothing to record: only resource methods drop tags
        }
        return result;
    }
}
