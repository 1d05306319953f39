package io.restcache.internal.jaxrs;

import io.restcache.CacheContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The request-scoped {@link CacheContext}: collects what the method says while it runs. */
@RequestScoped
public class RequestCacheContext implements CacheContext {

    private final Set<String> tags = new LinkedHashSet<>();
    private boolean storeVetoed;
    private volatile TransactionOutcome transactionOutcome = TransactionOutcome.NONE;
    private final List<Runnable> atRequestEnd = new ArrayList<>(1);

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

    /**
     * Runs when the request ends, whatever happened to it: the backstop that ends a fill (its flight and
     * lease) that no filter ended, e.g. after an exception no mapper handled.
     */
    void atRequestEnd(Runnable backstop) {
        atRequestEnd.add(backstop);
    }

    @PreDestroy
    void requestEnded() {
        for (Runnable r : atRequestEnd) {
            try {
                r.run();
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(RequestCacheContext.class.getName())
                        .log(java.util.logging.Level.FINE, "restcache: a request-end backstop failed", e);
            }
        }
    }
}
