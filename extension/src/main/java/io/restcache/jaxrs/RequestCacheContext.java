package io.restcache.jaxrs;

import io.restcache.CacheContext;
import jakarta.enterprise.context.RequestScoped;
import java.util.LinkedHashSet;
import java.util.Set;

/** The request-scoped {@link CacheContext}: collects what the method says while it runs. */
@RequestScoped
public class RequestCacheContext implements CacheContext {

    private final Set<String> tags = new LinkedHashSet<>();
    private boolean storeVetoed;
    private volatile TransactionOutcome transactionOutcome = TransactionOutcome.NONE;

    /** How the transaction of an {@code @InvalidateTags} method ended, as far as this request knows. */
    enum TransactionOutcome {
        /** The method ran in no transaction (or was not intercepted). */
        NONE,
        /** It ran in a transaction that has not completed yet (one that spans more than the method). */
        PENDING,
        COMMITTED,
        ROLLED_BACK
    }

    @Override
    public void tag(String... added) {
        for (String tag : added) {
            if (tag == null || tag.isBlank()) {
                throw new IllegalArgumentException("a cache tag must not be null or blank");
            }
            tags.add(tag);
        }
    }

    @Override
    public void doNotStore() {
        storeVetoed = true;
    }

    void transactionStarted() {
        if (transactionOutcome == TransactionOutcome.NONE) {
            transactionOutcome = TransactionOutcome.PENDING;
        }
    }

    void transactionCompleted(int status) {
        transactionOutcome = status == jakarta.transaction.Status.STATUS_COMMITTED ? TransactionOutcome.COMMITTED
                : TransactionOutcome.ROLLED_BACK;
    }

    TransactionOutcome transactionOutcome() {
        return transactionOutcome;
    }

    Set<String> tags() {
        return Set.copyOf(tags);
    }

    boolean storeVetoed() {
        return storeVetoed;
    }
}
