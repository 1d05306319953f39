package io.restcache;

import java.util.List;
import java.util.Objects;

/**
 * A CDI event that invalidates cached responses, for a service layer that should not know about HTTP:
 * {@code @Inject Event<CacheInvalidation> events; events.fire(CacheInvalidation.tags("user:42"));}
 *
 * <p>restcache observes it after the current transaction commits (an observer with
 * {@code during = AFTER_SUCCESS}); a rollback drops nothing, and without a transaction it acts at once.
 */
public final class CacheInvalidation {

    /** What an event invalidates. */
    public enum Scope {
        /** Every response carrying one of {@link #values()} as a tag. */
        TAGS,
        /** Every response of each path in {@link #values()}, for every query string and variant. */
        PATHS,
        /** Every per-user response of each principal name in {@link #values()}. */
        USERS,
        /** Everything restcache stored. */
        EVERYTHING
    }

    private final Scope scope;
    private final List<String> values;

    private CacheInvalidation(Scope scope, List<String> values) {
        this.scope = scope;
        this.values = List.copyOf(values);
        values.forEach(v -> Objects.requireNonNull(v, "invalidation values must not be null"));
    }

    /**
     * Drops every response tagged with any of these tags.
     *
     * @param tags literal tag values, e.g. {@code "user:42"}
     * @return the event
     */
    public static CacheInvalidation tags(String... tags) {
        return new CacheInvalidation(Scope.TAGS, List.of(tags));
    }

    /**
     * Drops every response of these paths (relative to the application root, e.g. {@code /users/42}).
     *
     * @param paths request paths relative to the application root, without query string
     * @return the event
     */
    public static CacheInvalidation paths(String... paths) {
        return new CacheInvalidation(Scope.PATHS, List.of(paths));
    }

    /**
     * Drops every per-user response of these principals.
     *
     * @param principalNames the principals' names, as the application sees them
     * @return the event
     */
    public static CacheInvalidation users(String... principalNames) {
        return new CacheInvalidation(Scope.USERS, List.of(principalNames));
    }

    /**
     * Drops everything.
     *
     * @return the event
     */
    public static CacheInvalidation everything() {
        return new CacheInvalidation(Scope.EVERYTHING, List.of());
    }

    /**
     * What the event invalidates.
     *
     * @return the scope
     */
    public Scope scope() {
        return scope;
    }

    /**
     * The tags, paths or principal names, per {@link #scope()}.
     *
     * @return the values, empty for {@link Scope#EVERYTHING}
     */
    public List<String> values() {
        return values;
    }

    @Override
    public String toString() {
        return "CacheInvalidation[" + scope + " " + values + "]";
    }
}
