package io.restcache.internal.jaxrs;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/** Defers work until the current JTA transaction commits, when one is active (standard JNDI lookup). */
final class TransactionHook {

    private static final Logger LOG = Logger.getLogger(TransactionHook.class.getName());
    private static final String REGISTRY = "java:comp/TransactionSynchronizationRegistry";

    private final Optional<TransactionSynchronizationRegistry> registry;

    private TransactionHook(Optional<TransactionSynchronizationRegistry> registry) {
        this.registry = registry;
    }

    /** Looks the registry up once; a server without JTA gets a hook that never defers. */
    static TransactionHook lookup() {
        try {
            return new TransactionHook(Optional.of(InitialContext.doLookup(REGISTRY)));
        } catch (NamingException | RuntimeException e) {
            LOG.fine(() -> "restcache: no JTA TransactionSynchronizationRegistry (" + e + "); invalidations run at once");
            return new TransactionHook(Optional.empty());
        }
    }

    /**
     * Registers {@code work} to run after the active transaction commits (and never on rollback).
     *
     * @return false when no transaction is active: the caller runs the work itself, now
     */
    boolean afterCommit(Runnable work) {
        return afterCompletion(status -> {
            if (status == Status.STATUS_COMMITTED) {
                work.run();
            }
        });
    }

    /**
     * Registers {@code outcome} to hear the active transaction's final status (a {@link Status} constant).
     *
     * @return false when no transaction is active (also when it is already marked rollback-only, in
     *         which case the outcome is reported at once)
     */
    boolean afterCompletion(IntConsumer outcome) {
        if (registry.isEmpty()) {
            return false;
        }
        int status = registry.get().getTransactionStatus();
        if (status == Status.STATUS_MARKED_ROLLBACK) {
            outcome.accept(Status.STATUS_ROLLEDBACK);
            return true;
        }
        if (status != Status.STATUS_ACTIVE) {
            return false;
        }
        registry.get().registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to prepare
            }

            @Override
            public void afterCompletion(int finalStatus) {
                outcome.accept(finalStatus);
            }
        });
        return true;
    }
}
