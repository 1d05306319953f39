package io.restcache.itests.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.embedded.RedisServer;

/**
 * A redis-server that a test owns: started on a free port, stopped (or killed) by the test, never the
 * machine's shared Redis. Uses {@code redis-server} from the PATH; where there is none, the Redis 6.2
 * binary bundled by embedded-redis, so the suite runs on a machine without Redis too.
 */
public final class RedisProcess implements AutoCloseable, RedisCommands {

    private final int port;
    private Process process;
    private RedisServer embedded;
    /** The process's output (null for the embedded fallback). */
    private Path log;

    private RedisProcess(int port) {
        this.port = port;
    }

    /** Starts a new server on a free port. */
    public static RedisProcess start() {
        return startOn(freePort());
    }

    /** Starts a new server on the given port (e.g. to bring back a server the test stopped). */
    public static RedisProcess startOn(int port) {
        RedisProcess redis = new RedisProcess(port);
        redis.launch(List.of());
        return redis;
    }

    /** Starts a new server on a free port as a replica of {@code primary} ({@code --replicaof}). */
    public static RedisProcess startReplicaOf(RedisProcess primary) {
        RedisProcess redis = new RedisProcess(freePort());
        try {
            // a replica writes the RDB of its full sync into its directory: its own, not the build's
            Path dir = Files.createTempDirectory("redis-replica-");
            redis.launch(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port()), "--dir", dir.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return redis;
    }

    /**
     * Freezes the process (SIGSTOP): it holds its connections but answers nothing — for a replica, the
     * replication stream is no longer acknowledged. {@link #resume()} lets it go on where it stopped.
     */
    public void suspend() {
        signal("-STOP");
    }

    /** Lets a {@link #suspend() suspended} process run again (SIGCONT). */
    public void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        signal(pid(), signal);
    }

    /** Sends a signal ({@code -STOP}, {@code -CONT}) to a process a test started, by its PID. */
    public static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a one-node Redis Cluster on a free port: cluster mode with all 16384 slots on this node, so
     * that any command or script spanning two slots fails with CROSSSLOT, as on a real cluster.
     */
    public static RedisProcess startCluster() {
        int port = freePort();
        RedisProcess redis = new RedisProcess(port);
        try {
            Path dir = Files.createTempDirectory("redis-cluster-" + port);
            // a lone node never learns its own address from the cluster bus: announce it, or clients see ":0"
            redis.launch(List.of("--cluster-enabled", "yes", "--cluster-announce-ip", "127.0.0.1", "--cluster-config-file",
                    dir.resolve("nodes.conf").toString(), "--dir", dir.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String[] addSlots = new String[16384 + 2];
        addSlots[0] = "CLUSTER";
        addSlots[1] = "ADDSLOTS";
        for (int slot = 0; slot < 16384; slot++) {
            addSlots[slot + 2] = Integer.toString(slot);
        }
        redis.command(addSlots);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!redis.command("CLUSTER", "INFO").contains("cluster_state:ok")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the one-node cluster on " + port + " never became ok");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return redis;
    }

    /** A Redisson YAML config that reaches this server as a cluster, written to a file the server can read. */
    public Path clusterConfigFile() {
        try {
            Path file = Files.createTempFile("redisson-cluster-" + port, ".yaml");
            Files.writeString(file, "clusterServersConfig:\n"
                    + "  nodeAddresses:\n"
                    + "  - \"redis://127.0.0.1:" + port + "\"\n"
                    + "  readMode: \"MASTER\"\n"
                    + "  subscriptionMode: \"MASTER\"\n"
                    + "  timeout: 3000\n"
                    + "  retryAttempts: 0\n");
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Starts a node of a multi-node topology (cluster, replication, sentinel) on the given port with exactly
     * these arguments after the binary, e.g. a config file and {@code --sentinel}. Needs a real
     * {@code redis-server}: the embedded fallback cannot run these topologies.
     */
    static RedisProcess startNode(int port, List<String> args, String topology) {
        String binary = requireServerBinary(topology);
        RedisProcess redis = new RedisProcess(port);
        redis.process = redis.spawn(binary, args);
        redis.awaitPong(Duration.ofSeconds(20));
        return redis;
    }

    /** The arguments every test server gets: loopback only, no persistence (tests own their data). */
    static List<String> baseArgs(int port) {
        return List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no");
    }

    /**
     * The {@code redis-server} on the PATH; fails, naming what needed it, when there is none. CI
     * ({@code .ci/run}) installs Debian's package, so a missing binary there is a broken build, not a skip.
     */
    static String requireServerBinary(String topology) {
        String binary = onPath("redis-server");
        if (binary == null || onPath("redis-cli") == null) {
            throw new IllegalStateException(topology + " needs redis-server and redis-cli (Redis 7.0 or later) on the"
                    + " PATH; the embedded fallback cannot run it. Install them (Debian: apt-get install redis-server),"
                    + " as .ci/run does.");
        }
        return binary;
    }

    /** The operating-system process id of this server (tests kill and stop it by PID). */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("redis-server on " + port + " is not running as a process of this test");
        }
        return process.pid();
    }

    /** Whether the process is still alive (false after {@link #kill()} or a crash). */
    public boolean alive() {
        return process != null && process.isAlive();
    }

    private Process spawn(String binary, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(args);
        try {
            log = Files.createTempFile("redis-" + port, ".log");
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", command), e);
        }
    }

    private void launch(List<String> extra) {
        List<String> args = new ArrayList<>(baseArgs(port));
        args.addAll(extra);
        try {
            String binary = onPath("redis-server");
            if (binary != null) {
                process = spawn(binary, args);
            } else {
                embedded = new RedisServer(port, args, false);
                embedded.start();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server on port " + port, e);
        }
        awaitPong(Duration.ofSeconds(20));
    }

    /** Stops the server now (SIGKILL for a process we started), as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            embedded = null;
        }
    }

    @Override
    public void close() {
        kill();
    }

    /** Sends one command in RESP and returns the raw reply line(s) (tests only; a tiny client, no pooling). */
    @Override
    public String command(String... words) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            StringBuilder req = new StringBuilder("*").append(words.length).append("\r\n");
            for (String w : words) {
                req.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return RespReader.read(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("redis command failed: " + String.join(" ", words), e);
        }
    }

    private void awaitPong(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited (status " + process.exitValue()
                        + ") before answering PING; the end of its log " + log + ":\n" + tail(log));
            }
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING");
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    public static int freePort() {
        return freePorts(1)[0];
    }

    /**
     * {@code count} free ports, all different: each socket stays open until all are chosen. Two calls of
     * {@link #freePort()} in a row may return the same port (the first socket is closed by then), which once
     * gave a cluster node the same client and bus port: it could not listen on its bus and exited.
     */
    public static int[] freePorts(int count) {
        List<ServerSocket> open = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                open.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            for (ServerSocket socket : open) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that accepted nothing
                }
            }
        }
    }

    static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    /** Reads one RESP reply into a compact string: arrays become lines joined by '\n'. */
    /**
     * Starts a {@code MONITOR} on its own connection: every command the server runs from now on (those scripts
     * run included, marked {@code [0 lua]}) until {@link Monitor#close}. Tests only: MONITOR slows Redis down.
     */
    public Monitor monitor() {
        try {
            return new Monitor(port);
        } catch (IOException e) {
            throw new IllegalStateException("MONITOR failed on port " + port, e);
        }
    }

    /** The lines of a running {@code MONITOR}, e.g. {@code 1701.5 [0 127.0.0.1:5555] "HGET" "key" "field"}. */
    public static final class Monitor implements AutoCloseable {
        private final Socket socket = new Socket();
        private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread reader;

        private Monitor(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.getOutputStream().write("*1\r\n$7\r\nMONITOR\r\n".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            if (!"OK".equals(RespReader.read(in))) {
                throw new IOException("MONITOR was refused");
            }
            reader = new Thread(() -> {
                try {
                    while (true) {
                        lines.add(RespReader.read(in));
                    }
                } catch (IOException | RuntimeException closed) {
                    // the socket was closed: the monitor is over
                }
            }, "redis-monitor-" + port);
            reader.setDaemon(true);
            reader.start();
        }

        /** The commands seen so far whose line contains every one of {@code parts}. */
        public long count(String... parts) {
            return lines.stream().filter(l -> java.util.Arrays.stream(parts).allMatch(l::contains)).count();
        }

        @Override
        public void close() {
            try {
                socket.close();
                reader.join(2_000);
            } catch (IOException | InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static final class RespReader {
        private RespReader() {
        }

        static String read(InputStream in) throws IOException {
            String line = readLine(in);
            char type = line.charAt(0);
            String rest = line.substring(1);
            switch (type) {
                case '+': case ':': return rest;
                case '-': throw new IOException("redis error: " + rest);
                case '$': {
                    int len = Integer.parseInt(rest);
                    if (len < 0) {
                        return null;
                    }
                    byte[] data = in.readNBytes(len + 2);
                    return new String(data, 0, len, StandardCharsets.UTF_8);
                }
                case '*': {
                    int n = Integer.parseInt(rest);
                    List<String> items = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        items.add(read(in));
                    }
                    return String.join("\n", items);
                }
                default: throw new IOException("unexpected RESP: " + line);
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\r') {
                    in.read();
                    break;
                }
                sb.append((char) c);
            }
            return sb.toString();
        }
    }
}
