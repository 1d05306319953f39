package io.restcache.itests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Sentinel-managed Redis on free loopback ports: one primary, two replicas and three sentinels (quorum 2)
 * with small timeouts ({@code down-after-milliseconds} 1 s, {@code failover-timeout} 3 s), so that a killed
 * primary is replaced within seconds. Every process is the test's own, killed by PID on {@link #close()}.
 * Needs a real {@code redis-server} 7.0+.
 */
public final class RedisSentinel implements AutoCloseable, RedisCommands {

    /** The name the sentinels monitor the primary under (Redisson's {@code masterName}). */
    public static final String MASTER_NAME = "restcache";
    private static final String TOPOLOGY = "a Sentinel setup (1 primary, 2 replicas, 3 sentinels)";

    private final Path dir;
    private final Map<Integer, RedisProcess> data = new LinkedHashMap<>();
    private final Map<Integer, RedisProcess> sentinels = new LinkedHashMap<>();

    private RedisSentinel(Path dir) {
        this.dir = dir;
    }

    /** Starts the primary, its replicas and the sentinels, and waits until every sentinel knows them all. */
    public static RedisSentinel start() {
        RedisProcess.requireServerBinary(TOPOLOGY);
        RedisSentinel setup;
        try {
            setup = new RedisSentinel(Files.createTempDirectory("redis-sentinel-"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            int primary = RedisProcess.freePort();
            setup.data.put(primary, setup.launchData(primary, null));
            for (int i = 0; i < 2; i++) {
                int port = RedisProcess.freePort();
                setup.data.put(port, setup.launchData(port, primary));
            }
            for (int i = 0; i < 3; i++) {
                int port = RedisProcess.freePort();
                setup.sentinels.put(port, setup.launchSentinel(port, primary));
            }
            setup.awaitReady(primary, Duration.ofSeconds(60));
            return setup;
        } catch (RuntimeException e) {
            setup.close();
            throw e;
        }
    }

    private RedisProcess launchData(int port, Integer replicaOf) {
        List<String> args = new ArrayList<>(RedisProcess.baseArgs(port));
        // a directory per server, as on real machines: with one shared directory, a killed primary restarted
        // as a replica loaded the dump.rdb another replica had received at its last full sync — somebody
        // else's old data — and served it while it synced (replica-serve-stale-data), to clients that had
        // not switched to the new primary yet: stale reads no real deployment produces that way
        Path own = dir.resolve("node-" + port);
        try {
            java.nio.file.Files.createDirectories(own);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + own, e);
        }
        args.addAll(List.of("--dir", own.toString()));
        if (replicaOf != null) {
            args.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(replicaOf)));
        }
        return RedisProcess.startNode(port, args, TOPOLOGY);
    }

    private RedisProcess launchSentinel(int port, int primary) {
        Path conf = dir.resolve("sentinel-" + port + ".conf");
        try {
            // a file of its own per sentinel: sentinels rewrite their config with what they learn
            Files.writeString(conf, "port " + port + "\n"
                    + "bind 127.0.0.1\n"
                    + "dir " + dir + "\n"
                    + "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primary + " 2\n"
                    + "sentinel down-after-milliseconds " + MASTER_NAME + " 1000\n"
                    + "sentinel failover-timeout " + MASTER_NAME + " 3000\n"
                    + "sentinel parallel-syncs " + MASTER_NAME + " 2\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return RedisProcess.startNode(port, List.of(conf.toString(), "--sentinel"), TOPOLOGY);
    }

    /**
     * Waits until every live sentinel names {@code primary} as the primary, sees two healthy replicas and
     * knows the two other sentinels (Redisson refuses a sentinel list shorter than that), and every
     * replica's link to the primary is up.
     */
    public void awaitReady(int primary, Duration max) {
        String[] lastReason = {"not checked yet"};
        try {
            RedisCluster.await(max, "the sentinels to agree on primary " + primary + " with 2 replicas", () -> {
                lastReason[0] = unready(primary);
                return lastReason[0] == null;
            });
        } catch (IllegalStateException timedOut) {
            throw new IllegalStateException(timedOut.getMessage() + "; last seen: " + lastReason[0], timedOut);
        }
    }

    /** Why the setup is not ready with {@code primary} as its primary, or null when it is. */
    private String unready(int primary) {
        try {
            for (Map.Entry<Integer, RedisProcess> sentinel : sentinels.entrySet()) {
                if (!sentinel.getValue().alive()) {
                    continue;
                }
                RedisProcess s = sentinel.getValue();
                int seen = primaryIn(s);
                int replicas = healthy(s.command("SENTINEL", "REPLICAS", MASTER_NAME), "slave");
                int others = healthy(s.command("SENTINEL", "SENTINELS", MASTER_NAME), "sentinel");
                if (seen != primary || replicas != 2 || others != 2) {
                    return "sentinel " + sentinel.getKey() + " sees primary " + seen + ", " + replicas
                            + " healthy replicas, " + others + " other sentinels";
                }
            }
            for (Map.Entry<Integer, RedisProcess> node : data.entrySet()) {
                if (node.getKey() != primary && node.getValue().alive() && !node.getValue()
                        .command("INFO", "replication").contains("master_link_status:up")) {
                    return "replica " + node.getKey() + " has no link up to its primary";
                }
            }
            return null;
        } catch (IllegalStateException notYet) {
            return notYet.getMessage();
        }
    }

    /** The primary's port, as a sentinel reports it. */
    public int primary() {
        return primaryIn(liveSentinels().get(0));
    }

    /** The data node (primary or replica) on a port. */
    public RedisProcess node(int port) {
        RedisProcess node = data.get(port);
        if (node == null) {
            throw new IllegalArgumentException("no data node on port " + port + "; nodes: " + data.keySet());
        }
        return node;
    }

    /** Runs a command on the current primary. */
    @Override
    public String command(String... words) {
        return node(primary()).command(words);
    }

    @Override
    public List<RedisProcess> servers() {
        return data.values().stream().filter(RedisProcess::alive).toList();
    }

    @Override
    public List<RedisProcess> primaries() {
        return List.of(node(primary()));
    }

    /** Kills the primary with SIGKILL ({@code kill -9}) and returns its port. */
    public int killPrimary() {
        int primary = primary();
        node(primary).kill();
        return primary;
    }

    /**
     * Waits until every live sentinel names another primary than {@code dead} and that node answers
     * {@code ROLE} as master; returns its port.
     */
    public int awaitNewPrimary(int dead, Duration max) {
        RedisCluster.await(max, "the sentinels to promote a replica of " + dead, () -> {
            try {
                int seen = -1;
                for (RedisProcess sentinel : liveSentinels()) {
                    int p = primaryIn(sentinel);
                    if (p == dead || (seen != -1 && p != seen)) {
                        return false;
                    }
                    seen = p;
                }
                return "master".equals(RedisCluster.firstLine(node(seen).command("ROLE")));
            } catch (IllegalStateException notYet) {
                return false;
            }
        });
        return primary();
    }

    /**
     * Restarts a killed data node, empty, as a replica of the current primary, and waits until the setup is
     * steady again: every live sentinel names the same primary, with two healthy replicas. Returns that
     * primary — usually the one before the restart, but on a loaded machine the sentinels can fail over
     * once more meanwhile (a primary busy with the restarted replica's full sync missing
     * {@code down-after-milliseconds}), and a caller that measures from the promotion must know.
     */
    public int restart(int port, Duration max) {
        if (node(port).alive()) {
            throw new IllegalStateException("node " + port + " is still running");
        }
        int primary = primary();
        data.put(port, launchData(port, primary));
        String[] lastReason = {"not checked yet"};
        int[] steady = {-1};
        try {
            RedisCluster.await(max, "the sentinels to agree on one primary with 2 replicas after restarting " + port, () -> {
                try {
                    int seen = primary();
                    lastReason[0] = unready(seen);
                    steady[0] = seen;
                    return lastReason[0] == null;
                } catch (IllegalStateException notYet) {
                    lastReason[0] = notYet.getMessage();
                    return false;
                }
            });
        } catch (IllegalStateException timedOut) {
            throw new IllegalStateException(timedOut.getMessage() + "; last seen: " + lastReason[0], timedOut);
        }
        return steady[0];
    }

    /**
     * The Redisson YAML config restcache reads ({@code restcache.redis.config-file}): the three sentinels,
     * reads and subscriptions from the primary only. Timeouts and retries are left to restcache's settings.
     */
    public Path configFile() {
        StringBuilder yaml = new StringBuilder("sentinelServersConfig:\n  masterName: \"" + MASTER_NAME + "\"\n"
                + "  sentinelAddresses:\n");
        sentinels.keySet().forEach(port -> yaml.append("  - \"redis://127.0.0.1:").append(port).append("\"\n"));
        yaml.append("  readMode: \"MASTER\"\n  subscriptionMode: \"MASTER\"\n  scanInterval: 1000\n");
        try {
            Path file = dir.resolve("redisson-sentinel.yaml");
            Files.writeString(file, yaml.toString());
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sentinels.values().forEach(RedisProcess::kill);
        data.values().forEach(RedisProcess::kill);
    }

    private List<RedisProcess> liveSentinels() {
        List<RedisProcess> live = sentinels.values().stream().filter(RedisProcess::alive).toList();
        if (live.isEmpty()) {
            throw new IllegalStateException("no sentinel is running");
        }
        return live;
    }

    private static int primaryIn(RedisProcess sentinel) {
        String reply = sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
        return Integer.parseInt(reply.split("\n")[1]);
    }

    /**
     * Counts the entries of a SENTINEL REPLICAS/SENTINELS reply (flattened key-value lists) whose flags are
     * exactly {@code role}: no {@code s_down}, {@code o_down} or {@code disconnected}.
     */
    private static int healthy(String reply, String role) {
        String[] lines = reply.split("\n");
        int count = 0;
        for (int i = 0; i + 1 < lines.length; i++) {
            if ("flags".equals(lines[i]) && role.equals(lines[i + 1])) {
                count++;
            }
        }
        return count;
    }
}
