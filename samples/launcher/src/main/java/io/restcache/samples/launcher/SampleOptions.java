package io.restcache.samples.launcher;

import java.util.Optional;

/**
 * The launcher's settings beyond the server's own: how many nodes, which database they share, and what
 * to run once they serve. Read from system properties ({@code mvn -Dsample.nodes=3 ...}); a value that
 * makes no sense stops the launcher with a message naming the property and the value.
 *
 * @param nodes            {@code sample.nodes}: how many server nodes, on consecutive ports (default 1)
 * @param databaseUrl      {@code sample.db.url}: a JDBC URL the nodes share (PostgreSQL or H2); empty for
 *                         the default (one node: its own in-memory H2; several: an H2 server started here)
 * @param demo             {@code sample.demo}: run the PUT-then-read demo once the nodes serve
 * @param loadCheckSeconds {@code sample.loadCheck}: run the load check for this many seconds and exit with
 *                         its verdict; 0 (the default) runs none
 */
record SampleOptions(int nodes, Optional<String> databaseUrl, boolean demo, int loadCheckSeconds) {

    /** Enough for a demo on a laptop; every node is a full server JVM. */
    static final int MAX_NODES = 9;

    static SampleOptions fromSystemProperties() {
        return new SampleOptions(
                integer("sample.nodes", 1, 1, MAX_NODES),
                Optional.ofNullable(System.getProperty("sample.db.url")).map(String::trim).filter(s -> !s.isEmpty()),
                bool("sample.demo"),
                integer("sample.loadCheck", 0, 0, 3600));
    }

    private static int integer(String property, int fallback, int min, int max) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(property + " must be an integer from " + min + " to " + max
                + ", was '" + value + "'");
    }

    private static boolean bool(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException(property + " must be true or false, was '" + value + "'");
    }
}
