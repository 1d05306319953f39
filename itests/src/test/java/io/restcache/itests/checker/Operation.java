package io.restcache.itests.checker;

import java.util.Map;
import java.util.Set;

/**
 * One request of the checker's history, as its client saw it. Times are {@link System#nanoTime()} of the
 * test JVM (one clock for every node's operations).
 *
 * @param kind what was asked
 * @param node the node that answered
 * @param user the caller's name, or null when anonymous
 * @param startNanos when the request was sent
 * @param endNanos when its response was received
 * @param status the HTTP status, or -1 when no response came
 * @param cacheStatus the {@code Cache-Status} header, or "" when absent
 * @param versions each row shown in the body, by id, with its version (a write: the version it wrote)
 * @param owners every owner name that appears in the body
 */
public record Operation(Kind kind, String node, String user, long startNanos, long endNanos, int status,
        String cacheStatus, Map<Integer, Long> versions, Set<String> owners) {

    /** The checker's endpoints. */
    public enum Kind {
        /** {@code GET rows/{id}}: shared. */
        READ_ROW,
        /** {@code GET rows/{id}} sent by a writer as soon as its write of that row was acknowledged, to another node. */
        READ_AFTER_WRITE,
        /** {@code GET me/rows}: the caller's own rows, varied by user. */
        READ_MINE,
        /** {@code GET groups/{group}}: shared, tagged at run time with each row shown. */
        READ_GROUP,
        /** {@code PUT rows/{id}}: increments the row's version, invalidates {@code row:{id}} after commit. */
        WRITE
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }

    boolean read() {
        return kind != Kind.WRITE;
    }

    /** Served from the cache: from this node's memory, from Redis, or collapsed onto another fill. */
    boolean cacheHit() {
        return cacheStatus.contains("; hit");
    }
}
