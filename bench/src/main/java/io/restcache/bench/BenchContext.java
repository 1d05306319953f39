package io.restcache.bench;

/**
 * What a {@link Section} works with: the settings, the Payara Micro serving the bench WAR, and the
 * benchmark's own Redis.
 */
record BenchContext(BenchSettings settings, PayaraServer server, LocalRedis redis) {

    static void log(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + message);
        System.out.flush();
    }
}
