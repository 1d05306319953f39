package io.restcache.internal.store.redis;

import io.restcache.internal.config.InvalidConfigurationException;
import io.restcache.internal.config.RestCacheSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.redisson.config.BaseConfig;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/*
 * The rule: a Redisson YAML file (restcache.redis.config-file) says where Redis is and how to reach it
 * (topology, addresses, TLS, credentials, pools); restcache's cache-appropriate connection settings apply to
 * every setting the file does not write itself (in the topology section, and the top-level nettyThreads).
 * Redisson's own defaults (3 s timeout, 4 retries 1.5 s apart, 30 s between pings, reads from replicas)
 * suit a system of record: a cache on the request path must fail fast and never read a replica that may
 * still hold an invalidated entry. A setting the file does write wins,
 * since the operator chose it; readMode other than MASTER is kept but warned about.
 *
 * Which settings the file wrote cannot be told from the parsed Config (a default and an explicit default
 * look the same), so the YAML text is also read as a plain map, with SnakeYAML's safe constructor (no
 * object instantiation), which Redisson itself parses YAML with.
 */
/** Reads a Redisson YAML config file and applies restcache's connection settings where the file is silent. */
final class RedissonFileConfig {

    /** The Redisson YAML sections, one of which names the topology. */
    private static final List<String> SECTIONS = List.of("singleServerConfig", "clusterServersConfig",
            "sentinelServersConfig", "replicatedServersConfig", "masterSlaveServersConfig");

    /** Longest the client waits to open a connection (off the request path: start-up and reconnection). */
    private static final int MIN_CONNECT_TIMEOUT_MS = 3000;
    /** Pings idle connections every second, so a connection to a killed node is found dead within ~1 s. */
    private static final int PING_INTERVAL_MS = 1000;

    private RedissonFileConfig() {
    }

    /**
     * @param yaml the file's text
     * @param file the file's name, for messages
     * @param settings restcache's settings ({@code restcache.redis.timeout}, the node name)
     * @param warn receives a warning per risky explicit setting (e.g. reads from replicas)
     * @throws InvalidConfigurationException when the file is not a Redisson config with exactly one topology
     */
    static Config load(String yaml, String file, RestCacheSettings settings, Consumer<String> warn) {
        Map<String, Object> explicit = explicitSettings(yaml, file);
        Config config;
        try {
            config = Config.fromYAML(yaml);
        } catch (RuntimeException e) {
            throw invalid(file, e.getMessage(), e);
        }
        String section = section(explicit.keySet(), file);
        BaseConfig<?> servers = servers(config, section);
        Map<String, Object> written = settingsOf(explicit.get(section));
        applyDefaults(servers, written, settings);
        if (!explicit.containsKey("nettyThreads")) {
            config.setNettyThreads(settings.redisNettyThreads());
        }
        if (servers instanceof BaseMasterSlaveServersConfig<?> replicated) {
            if (!written.containsKey("readMode")) {
                replicated.setReadMode(ReadMode.MASTER);
            } else if (replicated.getReadMode() != ReadMode.MASTER) {
                warn.accept(RestCacheSettings.REDIS_CONFIG_FILE + " '" + file + "' sets readMode: "
                        + replicated.getReadMode() + "; a replica may still hold an entry that was just"
                        + " invalidated, so restcache can serve it stale: set readMode: MASTER");
            }
        }
        return config;
    }

    private static void applyDefaults(BaseConfig<?> servers, Map<String, Object> written, RestCacheSettings settings) {
        int timeout = (int) settings.redisTimeout().toMillis();
        if (!written.containsKey("timeout")) {
            servers.setTimeout(timeout);
        }
        if (!written.containsKey("retryAttempts")) {
            // a request that cannot get an answer at once is better served by the method than by a retry
            servers.setRetryAttempts(0);
        }
        if (!written.containsKey("connectTimeout")) {
            servers.setConnectTimeout(Math.max(timeout, MIN_CONNECT_TIMEOUT_MS));
        }
        if (!written.containsKey("pingConnectionInterval")) {
            servers.setPingConnectionInterval(PING_INTERVAL_MS);
        }
        if (!written.containsKey("clientName")) {
            servers.setClientName("restcache:" + settings.nodeName());
        }
    }

    private static Map<String, Object> explicitSettings(String yaml, String file) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw invalid(file, e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw invalid(file, "not a YAML mapping", null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> top = (Map<String, Object>) map;
        return top;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> settingsOf(Object section) {
        return section instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static String section(Set<String> keys, String file) {
        List<String> present = SECTIONS.stream().filter(keys::contains).toList();
        if (present.size() != 1) {
            throw invalid(file, "it must configure exactly one of " + SECTIONS + ", found " + present, null);
        }
        return present.get(0);
    }

    private static BaseConfig<?> servers(Config config, String section) {
        // each use...() accessor returns the section the file configured (it creates one only when absent)
        return switch (section) {
            case "singleServerConfig" -> config.useSingleServer();
            case "clusterServersConfig" -> config.useClusterServers();
            case "sentinelServersConfig" -> config.useSentinelServers();
            case "replicatedServersConfig" -> config.useReplicatedServers();
            default -> config.useMasterSlaveServers();
        };
    }

    private static InvalidConfigurationException invalid(String file, String why, Exception cause) {
        return new InvalidConfigurationException(RestCacheSettings.REDIS_CONFIG_FILE
                + " must name a readable Redisson YAML file, was '" + file + "': " + why, cause);
    }
}
