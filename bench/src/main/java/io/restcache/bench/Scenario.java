package io.restcache.bench;

import java.util.Optional;

/**
 * One thing measured under load: a path of the bench WAR (with {@code %s} for the payload size) and
 * what every response must show.
 *
 * @param id             short name, for {@code -Dbench.scenarios=...} and for the ratios
 * @param label          what the report calls it
 * @param contextRoot    {@code ""} for the bench WAR, {@code /near} for its near-cache copy
 * @param pathTemplate   e.g. {@code /cached/%s}
 * @param uniqueQuery    each request gets its own {@code ?n=...}: every request is a new resource
 * @param acceptGzip     requests carry {@code Accept-Encoding: gzip} (for every scenario: {@code -Dbench.gzip=true})
 * @param cacheStatus    a substring every response's {@code Cache-Status} must contain, or null
 * @param runsPerRequest how often the method body should run per request (0 for a hit, 1 otherwise)
 * @param requires       a substring the check request's {@code Cache-Status} must contain for the scenario
 *                       to be measurable at all, or null
 * @param unsupported    what the report says ("n/a (...)") when {@code requires} is not met, or when there
 *                       is no path at all
 */
record Scenario(String id, String label, String contextRoot, String pathTemplate, boolean uniqueQuery,
        boolean acceptGzip, String cacheStatus, int runsPerRequest, String requires, String unsupported) {

    static Scenario of(String id, String label, String pathTemplate, boolean uniqueQuery, String cacheStatus,
            int runsPerRequest) {
        return new Scenario(id, label, "", pathTemplate, uniqueQuery, false, cacheStatus, runsPerRequest, null, null);
    }

    /** A slot in the table for something that does not exist yet. */
    static Scenario notImplemented(String id, String label, String reason) {
        return new Scenario(id, label, "", null, false, false, null, 0, null, reason);
    }

    /** The same scenario, with clients that accept gzip. */
    Scenario acceptingGzip(String newId, String newLabel) {
        return new Scenario(newId, newLabel, contextRoot, pathTemplate, uniqueQuery, true, cacheStatus, runsPerRequest,
                requires, unsupported);
    }

    /** The same scenario, on the application deployed at another context root. */
    Scenario at(String newContextRoot) {
        return new Scenario(id, label, newContextRoot, pathTemplate, uniqueQuery, acceptGzip, cacheStatus,
                runsPerRequest, requires, unsupported);
    }

    /** Measured only if a check response's {@code Cache-Status} contains {@code marker}; otherwise "n/a (reason)". */
    Scenario onlyIf(String marker, String reason) {
        return new Scenario(id, label, contextRoot, pathTemplate, uniqueQuery, acceptGzip, cacheStatus, runsPerRequest,
                marker, reason);
    }

    String path(String size) {
        return contextRoot + String.format(pathTemplate, size);
    }

    /** The WAR's call counters: where to read them and this endpoint's name there ({@code cached/20k}). */
    String statsPath() {
        return contextRoot + "/stats/calls";
    }

    String counter(String size) {
        String p = pathTemplate.substring(1);
        return p.substring(0, p.indexOf('/')) + "/" + size;
    }

    /** Why the scenario cannot be measured at all, whatever the server says. */
    Optional<String> unavailable() {
        return pathTemplate == null ? Optional.of(unsupported) : Optional.empty();
    }
}
