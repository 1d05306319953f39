package io.restcache.internal.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.internal.config.InvalidConfigurationException;
import io.restcache.internal.config.RestCacheSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;

/**
 * Issue 13 defect 4: with {@code restcache.redis.config-file} the file was used as is, so Redisson's defaults
 * (3 s timeout, 4 retries) replaced restcache's and the first failure after a master was killed surfaced ~7 s
 * later. restcache's settings now apply wherever the file is silent; what the file writes wins.
 */
class RedissonFileConfigTest {

    private static final RestCacheSettings SETTINGS = RestCacheSettings.load(key -> Optional.ofNullable(Map.of(
            RestCacheSettings.REDIS_TIMEOUT, "250ms", RestCacheSettings.NODE_NAME, "n1",
            RestCacheSettings.REDIS_NETTY_THREADS, "6").get(key)));

    private final List<String> warnings = new ArrayList<>();

    private Config load(String yaml) {
        return RedissonFileConfig.load(yaml, "redisson.yaml", SETTINGS, warnings::add);
    }

    @Test
    void load_clusterFileSilentOnTimeouts_getsRestcachesTimeoutNoRetriesAndMasterReads() {
        ClusterServersConfig cluster = load("""
                clusterServersConfig:
                  nodeAddresses:
                  - "redis://127.0.0.1:7000"
                """).useClusterServers();

        assertEquals(250, cluster.getTimeout());
        assertEquals(0, cluster.getRetryAttempts());
        assertEquals(3000, cluster.getConnectTimeout());
        assertEquals(1000, cluster.getPingConnectionInterval());
        assertEquals("restcache:n1", cluster.getClientName());
        assertEquals(ReadMode.MASTER, cluster.getReadMode(), "Redisson's default is SLAVE");
        assertEquals(List.of(), warnings);
    }

    @Test
    void load_settingsTheFileWrites_win() {
        ClusterServersConfig cluster = load("""
                clusterServersConfig:
                  nodeAddresses:
                  - "redis://127.0.0.1:7000"
                  timeout: 3000
                  retryAttempts: 2
                  connectTimeout: 5000
                  pingConnectionInterval: 0
                  clientName: "mine"
                  readMode: "MASTER"
                """).useClusterServers();

        assertEquals(3000, cluster.getTimeout());
        assertEquals(2, cluster.getRetryAttempts());
        assertEquals(5000, cluster.getConnectTimeout());
        assertEquals(0, cluster.getPingConnectionInterval());
        assertEquals("mine", cluster.getClientName());
        assertEquals(List.of(), warnings);
    }

    @Test
    void load_fileSilentOnNettyThreads_getsRestcachesCount_andOneWrittenWins() {
        assertEquals(6, load("""
                singleServerConfig:
                  address: "redis://127.0.0.1:6380"
                """).getNettyThreads(), "Redisson's default is 32");
        assertEquals(32, load("""
                nettyThreads: 32
                singleServerConfig:
                  address: "redis://127.0.0.1:6380"
                """).getNettyThreads());
    }

    @Test
    void addressOnly_getsRestcachesNettyThreads() {
        assertEquals(6, RedisConnector.redissonConfig(SETTINGS).getNettyThreads());
    }

    @Test
    void load_explicitDefaultValue_isKeptAsWritten() {
        // 3000 is Redisson's own default: only the text tells that the operator wrote it
        assertEquals(3000, load("""
                singleServerConfig:
                  address: "redis://127.0.0.1:6380"
                  timeout: 3000
                """).useSingleServer().getTimeout());
    }

    @Test
    void load_sentinelFileReadingFromReplicas_isKeptAndWarnedAboutNamingTheValue() {
        SentinelServersConfig sentinel = load("""
                sentinelServersConfig:
                  masterName: "mymaster"
                  sentinelAddresses:
                  - "redis://127.0.0.1:26379"
                  readMode: "SLAVE"
                """).useSentinelServers();

        assertEquals(ReadMode.SLAVE, sentinel.getReadMode());
        assertEquals(250, sentinel.getTimeout());
        assertEquals(0, sentinel.getRetryAttempts());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("restcache.redis.config-file 'redisson.yaml' sets readMode: SLAVE"),
                warnings.get(0));
        assertTrue(warnings.get(0).contains("readMode: MASTER"), warnings.get(0));
    }

    @Test
    void load_singleServerFile_getsRestcachesTimeoutAndNoRetries() {
        SingleServerConfig single = load("""
                singleServerConfig:
                  address: "redis://127.0.0.1:6380"
                """).useSingleServer();

        assertEquals(250, single.getTimeout());
        assertEquals(0, single.getRetryAttempts());
    }

    @Test
    void load_replicatedFile_readsFromTheMasterByDefault() {
        assertEquals(ReadMode.MASTER, load("""
                replicatedServersConfig:
                  nodeAddresses:
                  - "redis://127.0.0.1:6380"
                  - "redis://127.0.0.1:6381"
                """).useReplicatedServers().getReadMode());
    }

    @Test
    void load_fileWithoutATopology_failsNamingTheKeyAndTheFile() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> load("threads: 4\n"));
        assertTrue(e.getMessage().startsWith(
                "restcache.redis.config-file must name a readable Redisson YAML file, was 'redisson.yaml'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("exactly one of"), e.getMessage());
    }

    @Test
    void load_malformedYaml_failsNamingTheKeyAndTheFile() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> load("clusterServersConfig: [unclosed\n"));
        assertTrue(e.getMessage().startsWith(
                "restcache.redis.config-file must name a readable Redisson YAML file, was 'redisson.yaml'"),
                e.getMessage());
    }
}
