package io.restcache.bench;

/**
 * One part of the report: it measures something against the running server and returns Markdown. New
 * kinds of measurement (tag purge timing, fleet fan-out delay, ...) are new sections, listed in
 * {@link BenchmarkRunner#sections}.
 */
interface Section {

    /** The section's heading. */
    String title();

    /** Measures, and returns the section's Markdown body (tables and notes). */
    String run(BenchContext context) throws Exception;

    /**
     * Whether this section runs before the sections that put load on the server (whatever its place in the
     * report): for measurements that want a quiet server and Redis.
     */
    default boolean runsBeforeLoad() {
        return false;
    }
}
