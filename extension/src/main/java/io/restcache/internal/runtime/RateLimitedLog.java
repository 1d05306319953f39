package io.restcache.internal.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs a recurring problem at most once per interval per kind, with how many times it happened since:
 * a Redis outage must produce a few clear lines, not a stack trace per request.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final long intervalMillis;
    private final ConcurrentMap<String, long[]> lastAndSuppressed = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger logger, long intervalMillis) {
        this.logger = logger;
        this.intervalMillis = intervalMillis;
    }

    public void warn(String kind, String message) {
        long now = System.currentTimeMillis();
        long[] state = lastAndSuppressed.computeIfAbsent(kind, k -> new long[] {0, 0});
        synchronized (state) {
            if (now - state[0] < intervalMillis) {
                state[1]++;
                return;
            }
            long suppressed = state[1];
            state[0] = now;
            state[1] = 0;
            logger.log(Level.WARNING, suppressed == 0 ? message
                    : message + " (" + suppressed + " similar events not logged since the last report)");
        }
    }
}
