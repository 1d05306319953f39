package io.restcache.internal.config;

import io.restcache.internal.store.StoreKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The store selection and the {@code restcache.memcached.*} settings. Read and validated by
 * {@link RestCacheSettings}.
 *
 * @param defaultStore the store of methods that do not choose one ({@code restcache.store})
 * @param servers the Memcached servers, empty when none is configured
 * @param versionMaxAge how long a node trusts a version counter it read (at most the near cache's maximum age)
 * @param timeout how long one Memcached request may take before it fails
 * @param clockSkew how far the nodes' clocks may be apart: a fill is fenced by every counter bumped since its
 *                  start less this (the counters carry their bump's wall-clock time)
 */
public record MemcachedSettings(StoreKind defaultStore, List<Server> servers, Duration versionMaxAge,
        Duration timeout, Duration clockSkew) {

    public static final String STORE = "restcache.store";
    public static final String SERVERS = "restcache.memcached.servers";
    public static final String VERSION_MAX_AGE = "restcache.memcached.version-max-age";
    public static final String TIMEOUT = "restcache.memcached.timeout";
    public static final String CLOCK_SKEW = "restcache.memcached.clock-skew";

    /** Beyond this a skew allowance is a misconfiguration: it would fence nearly every fill of a written tag. */
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(1);

    /** Memcached's default item size limit ({@code memcached -I}), which one entry must fit in. */
    public static final int ITEM_LIMIT = 1024 * 1024;

    /** One {@code host:port} of {@link #SERVERS}. */
    public record Server(String host, int port) {
    }

    public MemcachedSettings {
        servers = List.copyOf(servers);
    }

    /** Whether any Memcached server is configured. */
    public boolean configured() {
        return !servers.isEmpty();
    }

    static MemcachedSettings load(Function<String, Optional<String>> lookup, Duration nearMaxAge) {
        String store = lookup.apply(STORE).map(String::trim).orElse("redis");
        StoreKind kind = StoreKind.parse(store)
                .orElseThrow(() -> InvalidConfigurationException.of(STORE, "redis or memcached", store));
        List<Server> servers = servers(lookup.apply(SERVERS).orElse(""));
        if (kind == StoreKind.MEMCACHED && servers.isEmpty()) {
            throw InvalidConfigurationException.of(SERVERS, "at least one host:port when " + STORE + "=memcached",
                    lookup.apply(SERVERS).orElse(""));
        }
        // a node trusts a counter it read this long: one bump reaches every node within it, and it must not
        // outlast the near cache's own bound on staleness
        Duration versionMaxAge = Durations.parsePositive(VERSION_MAX_AGE, lookup.apply(VERSION_MAX_AGE)
                .orElse(nearMaxAge.compareTo(Duration.ofSeconds(1)) < 0 ? nearMaxAge.toString() : "1s"));
        if (versionMaxAge.compareTo(nearMaxAge) > 0) {
            throw InvalidConfigurationException.of(VERSION_MAX_AGE, "at most " + RestCacheSettings.NEAR_MAX_AGE
                    + " (" + nearMaxAge.toMillis() + " ms)", lookup.apply(VERSION_MAX_AGE).orElse(""));
        }
        Duration timeout = Durations.parsePositive(TIMEOUT, lookup.apply(TIMEOUT).orElse("500ms"));
        // NTP keeps the servers of one network within a few ms; each ms of allowance is a ms after every bump
        // in which fills under the bumped counter are not stored (ConsistencyCheckIT at 250 ms: 139 of 751
        // Memcached reads were fenced misses), which is why the default is the lower 100 ms
        String skewText = lookup.apply(CLOCK_SKEW).orElse("100ms");
        Duration clockSkew = Durations.parse(CLOCK_SKEW, skewText);
        if (clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw InvalidConfigurationException.of(CLOCK_SKEW, "at most 1m", skewText);
        }
        return new MemcachedSettings(kind, servers, versionMaxAge, timeout, clockSkew);
    }

    /** {@code host:port,host:port}; blank means none. */
    static List<Server> servers(String text) {
        List<Server> servers = new ArrayList<>();
        if (text.isBlank()) {
            return servers;
        }
        for (String part : text.split(",")) {
            String s = part.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1 || s.contains(" ")) {
                throw InvalidConfigurationException.of(SERVERS, "a comma-separated list of host:port", text);
            }
            int port;
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw InvalidConfigurationException.of(SERVERS, "a comma-separated list of host:port", text);
            }
            if (port < 1 || port > 65_535) {
                throw InvalidConfigurationException.of(SERVERS, "ports from 1 to 65535", text);
            }
            servers.add(new Server(s.substring(0, colon), port));
        }
        return servers;
    }
}
