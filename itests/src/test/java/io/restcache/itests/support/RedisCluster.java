package io.restcache.itests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three masters and three replicas on free loopback ports, as production runs it:
 * slots spread over the masters by {@code redis-cli --cluster create}, one replica per master, and a
 * {@code cluster-node-timeout} of 1 s so that a killed master's replica takes over within seconds, and
 * {@code cluster-require-full-coverage no}, as a cache cluster should run: keys on healthy masters keep being
 * served while one master fails over. Every node
 * is a process of this test, killed by PID on {@link #close()}. Needs a real {@code redis-server} 7.0+.
 *
 * <p>Failover helpers: {@link #masterOf(String)} finds the master that owns a key's slot, {@link #kill(int)}
 * kills a node as a crash would ({@code kill -9}), {@link #awaitPromotion(int, Duration)} waits for the
 * replica of a killed master to own its slots on every live node, and {@link #restart(int)} brings the dead
 * node back, empty, where it rejoins as a replica of its promoted replica.
 */
public final class RedisCluster implements AutoCloseable, RedisCommands {

    private static final String TOPOLOGY = "a 3-master + 3-replica Redis Cluster";
    /** Short, so that a failover takes seconds and the suites fit the CI budget (Redis' default is 15 s). */
    private static final int NODE_TIMEOUT_MS = 1000;

    private final Path dir;
    /** Client port → cluster-bus port; the bus port is set explicitly, since port + 10000 may not exist. */
    private final Map<Integer, Integer> busPorts = new LinkedHashMap<>();
    private final Map<Integer, RedisProcess> nodes = new LinkedHashMap<>();

    private RedisCluster(Path dir) {
        this.dir = dir;
    }

    /** Starts six nodes, creates the cluster and waits until every node reports it healthy. */
    public static RedisCluster start() {
        RedisProcess.requireServerBinary(TOPOLOGY);
        RedisCluster cluster;
        try {
            cluster = new RedisCluster(Files.createTempDirectory("redis-cluster6-"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            for (int i = 0; i < 6; i++) {
                int[] clientAndBus = RedisProcess.freePorts(2);
                int port = clientAndBus[0];
                cluster.busPorts.put(port, clientAndBus[1]);
                cluster.nodes.put(port, cluster.launch(port));
            }
            cluster.create();
            cluster.awaitHealthy(Duration.ofSeconds(60));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private RedisProcess launch(int port) {
        List<String> args = new ArrayList<>(RedisProcess.baseArgs(port));
        args.addAll(List.of("--cluster-enabled", "yes",
                "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS),
                "--cluster-port", Integer.toString(busPorts.get(port)),
                "--cluster-announce-ip", "127.0.0.1",
                // a cache cluster keeps serving the healthy slots while one master fails over (Redis' default,
                // yes, answers CLUSTERDOWN for every key from the master's FAIL until its replica is promoted)
                "--cluster-require-full-coverage", "no",
                // one file per node, kept across a restart: it holds the node's identity
                "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                "--dir", dir.toString()));
        return RedisProcess.startNode(port, args, TOPOLOGY);
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of(RedisProcess.onPath("redis-cli"), "--cluster", "create"));
        nodes.keySet().forEach(port -> command.add("127.0.0.1:" + port));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        try {
            Path log = dir.resolve("create.log");
            Process create = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
                create.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until every live node says {@code cluster_state:ok} with all slots served, sees three masters
     * that are not failing, and every master of its view has a connected replica whose replication link is
     * up; and all live nodes agree on which ports are masters.
     */
    public void awaitHealthy(Duration max) {
        await(max, "the cluster to be healthy (3 masters each with a synced replica)", this::healthy);
    }

    private boolean healthy() {
        String agreed = null;
        for (Map.Entry<Integer, RedisProcess> node : nodes.entrySet()) {
            if (!node.getValue().alive()) {
                continue;
            }
            try {
                String info = node.getValue().command("CLUSTER", "INFO");
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:16384")) {
                    return false;
                }
                List<ClusterNode> view = ClusterNode.parseAll(node.getValue().command("CLUSTER", "NODES"));
                List<ClusterNode> masters = view.stream().filter(n -> n.master() && !n.failing()).toList();
                if (masters.size() != 3) {
                    return false;
                }
                for (ClusterNode master : masters) {
                    Optional<ClusterNode> replica = view.stream()
                            .filter(n -> master.id().equals(n.masterId()) && !n.failing() && n.connected()).findAny();
                    if (replica.isEmpty() || !replicationUp(replica.get().port())) {
                        return false;
                    }
                }
                String ports = masters.stream().map(n -> Integer.toString(n.port())).sorted()
                        .collect(Collectors.joining(","));
                if (agreed != null && !agreed.equals(ports)) {
                    return false;
                }
                agreed = ports;
            } catch (IllegalStateException notYet) {
                return false;
            }
        }
        return true;
    }

    private boolean replicationUp(int port) {
        RedisProcess replica = nodes.get(port);
        return replica != null && replica.alive()
                && replica.command("INFO", "replication").contains("master_link_status:up");
    }

    /** The hash slot of a key, as the cluster computes it. */
    public int slotOf(String key) {
        return Integer.parseInt(anyLive().command("CLUSTER", "KEYSLOT", key));
    }

    /** The port of the master that owns a key's slot, in a live node's view. */
    public int masterOf(String key) {
        return ownerOfSlot(anyLive(), slotOf(key))
                .orElseThrow(() -> new IllegalStateException("no master owns the slot of " + key)).port();
    }

    /** The port of a master's replica, in a live node's view. */
    public int replicaOf(int masterPort) {
        List<ClusterNode> all = ClusterNode.parseAll(anyLive().command("CLUSTER", "NODES"));
        String masterId = all.stream().filter(n -> n.port() == masterPort).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node on port " + masterPort)).id();
        return all.stream().filter(n -> masterId.equals(n.masterId()) && !n.failing()).findFirst()
                .orElseThrow(() -> new IllegalStateException("master " + masterPort + " has no live replica")).port();
    }

    /** The three master ports, in a live node's view. */
    public List<Integer> masters() {
        return ClusterNode.parseAll(anyLive().command("CLUSTER", "NODES")).stream()
                .filter(n -> n.master() && !n.failing()).map(ClusterNode::port).sorted().toList();
    }

    @Override
    public List<RedisProcess> servers() {
        return nodes.values().stream().filter(RedisProcess::alive).toList();
    }

    @Override
    public List<RedisProcess> primaries() {
        return masters().stream().map(this::node).filter(RedisProcess::alive).toList();
    }

    /** Kills a node with SIGKILL ({@code kill -9} of its PID): no shutdown, no goodbye to the cluster. */
    public void kill(int port) {
        node(port).kill();
    }

    /**
     * Waits until, on every live node, the slots the killed master owned are owned by another node (its
     * promoted replica) and the cluster state is ok again; returns the new owner's port.
     */
    public int awaitPromotion(int deadMaster, Duration max) {
        int slot = firstSlotOf(deadMaster);
        await(max, "a replica of " + deadMaster + " to be promoted on every live node", () -> {
            for (RedisProcess node : nodes.values()) {
                if (!node.alive()) {
                    continue;
                }
                try {
                    Optional<ClusterNode> owner = ownerOfSlot(node, slot);
                    if (owner.isEmpty() || owner.get().port() == deadMaster
                            || !node.command("CLUSTER", "INFO").contains("cluster_state:ok")
                            || !"master".equals(firstLine(nodes.get(owner.get().port()).command("ROLE")))) {
                        return false;
                    }
                } catch (IllegalStateException notYet) {
                    return false;
                }
            }
            return true;
        });
        return ownerOfSlot(anyLive(), slot).orElseThrow().port();
    }

    /**
     * Brings a killed node back on its port with its node identity (its nodes.conf) and no data; it rejoins
     * as a replica of whoever owns its former slots. Returns when the cluster is healthy again.
     */
    public void restart(int port, Duration max) {
        if (node(port).alive()) {
            throw new IllegalStateException("node " + port + " is still running");
        }
        nodes.put(port, launch(port));
        await(max, "restarted node " + port + " to replicate", () -> {
            try {
                return "slave".equals(firstLine(nodes.get(port).command("ROLE"))) && replicationUp(port);
            } catch (IllegalStateException notYet) {
                return false;
            }
        });
        awaitHealthy(max);
    }

    /** The node on a port (alive or killed). */
    public RedisProcess node(int port) {
        RedisProcess node = nodes.get(port);
        if (node == null) {
            throw new IllegalArgumentException("no node of this cluster on port " + port + "; nodes: " + nodes.keySet());
        }
        return node;
    }

    /** Runs a command on the master that owns the key's slot (the key must be the command's second word). */
    @Override
    public String command(String... words) {
        return node(masterOf(words[1])).command(words);
    }

    /**
     * The Redisson YAML config restcache reads ({@code restcache.redis.config-file}): every node as a seed,
     * reads and subscriptions from masters only. Timeouts and retries are left to restcache's settings.
     */
    public Path configFile() {
        StringBuilder yaml = new StringBuilder("clusterServersConfig:\n  nodeAddresses:\n");
        nodes.keySet().forEach(port -> yaml.append("  - \"redis://127.0.0.1:").append(port).append("\"\n"));
        yaml.append("  readMode: \"MASTER\"\n  subscriptionMode: \"MASTER\"\n  scanInterval: 1000\n");
        try {
            Path file = dir.resolve("redisson-cluster.yaml");
            Files.writeString(file, yaml.toString());
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        nodes.values().forEach(RedisProcess::kill);
    }

    private int firstSlotOf(int masterPort) {
        return ClusterNode.parseAll(anyLive().command("CLUSTER", "NODES")).stream()
                .filter(n -> n.port() == masterPort && !n.slots().isEmpty()).findAny()
                .map(n -> n.slots().get(0)[0])
                .orElseThrow(() -> new IllegalStateException(masterPort + " owns no slot"));
    }

    private static Optional<ClusterNode> ownerOfSlot(RedisProcess asking, int slot) {
        return ClusterNode.parseAll(asking.command("CLUSTER", "NODES")).stream()
                .filter(n -> n.master() && n.owns(slot)).findAny();
    }

    private RedisProcess anyLive() {
        return nodes.values().stream().filter(RedisProcess::alive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
    }

    static String firstLine(String reply) {
        int nl = reply.indexOf('\n');
        return nl < 0 ? reply : reply.substring(0, nl);
    }

    static void await(Duration max, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + max.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** One line of CLUSTER NODES: {@code <id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot>...}. */
    record ClusterNode(String id, int port, List<String> flags, String masterId, String link, List<int[]> slots) {

        static List<ClusterNode> parseAll(String clusterNodes) {
            return clusterNodes.lines().filter(l -> !l.isBlank()).map(ClusterNode::parse).toList();
        }

        static ClusterNode parse(String line) {
            String[] f = line.trim().split(" ");
            String address = f[1].split("@")[0];
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated or imported: none in these tests
                }
                String[] range = f[i].split("-");
                int from = Integer.parseInt(range[0]);
                slots.add(new int[] {from, range.length > 1 ? Integer.parseInt(range[1]) : from});
            }
            return new ClusterNode(f[0], port, List.of(f[2].split(",")), f[3], f[7], slots);
        }

        boolean master() {
            return flags.contains("master");
        }

        boolean failing() {
            return flags.contains("fail") || flags.contains("fail?") || flags.contains("noaddr");
        }

        boolean connected() {
            return "connected".equals(link);
        }

        boolean owns(int slot) {
            return slots.stream().anyMatch(r -> r[0] <= slot && slot <= r[1]);
        }
    }
}
