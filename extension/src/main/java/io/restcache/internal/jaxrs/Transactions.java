package io.restcache.internal.jaxrs;

import jakarta.enterprise.context.ApplicationScoped;

/** The application's {@link TransactionHook}, looked up once on first need and shared. */
@ApplicationScoped
public class Transactions {

    private volatile TransactionHook hook;

    TransactionHook hook() {
        TransactionHook h = hook;
        if (h == null) {
            synchronized (this) {
                if (hook == null) {
                    hook = TransactionHook.lookup();
                }
                h = hook;
            }
        }
        return h;
    }
}
