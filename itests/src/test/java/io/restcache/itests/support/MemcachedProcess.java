package io.restcache.itests.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code memcached} that a test owns: Debian's binary, started on a free port (or a given one, to bring
 * back a server the test stopped), stopped by the test through its process. CI ({@code .ci/run}) installs
 * the package; a missing binary fails the test, naming what to install.
 */
public final class MemcachedProcess implements AutoCloseable {

    private final int port;
    private Process process;

    private MemcachedProcess(int port) {
        this.port = port;
    }

    /** Starts a new server on a free port. */
    public static MemcachedProcess start() {
        return startOn(RedisProcess.freePort());
    }

    /** Starts a new, empty server on the given port. */
    public static MemcachedProcess startOn(int port) {
        MemcachedProcess memcached = new MemcachedProcess(port);
        memcached.launch();
        return memcached;
    }

    private void launch() {
        String binary = RedisProcess.onPath("memcached");
        if (binary == null) {
            throw new IllegalStateException("memcached is not on the PATH: install it (Debian: apt-get install "
                    + "memcached), as .ci/run does");
        }
        // loopback only, no UDP; as root memcached insists on a user to run as
        List<String> command = List.of(binary, "-p", Integer.toString(port), "-l", "127.0.0.1", "-U", "0",
                "-m", "64", "-u", System.getProperty("user.name"));
        try {
            Path log = Files.createTempFile("memcached-" + port, ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", command), e);
        }
        awaitVersion(Duration.ofSeconds(20));
    }

    public int port() {
        return port;
    }

    /** The value of {@code restcache.memcached.servers} that reaches this server. */
    public String servers() {
        return "127.0.0.1:" + port;
    }

    /** The operating-system process id (the test stops its server by it). */
    public long pid() {
        return process.pid();
    }

    /** Stops the server now (SIGKILL), as a crash would; its data is gone. */
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
    }

    /** Kills the server (SIGKILL) and starts a new, empty one on the same port: a crash and its restart. */
    public void restartEmpty() {
        kill();
        launch();
    }

    /** SIGSTOP: the server keeps its connections open and answers nothing until {@link #resume}. */
    public void pause() {
        signal("-STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        RedisProcess.signal(pid(), signal);
    }

    @Override
    public void close() {
        kill();
    }

    /** The server's {@code stats} (curr_items, bytes, rusage_user, ...). */
    public Map<String, String> stats() {
        Map<String, String> stats = new HashMap<>();
        for (String line : command("stats")) {
            String[] parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("STAT")) {
                stats.put(parts[1], parts[2]);
            }
        }
        return stats;
    }

    /** How many items the server holds now. */
    public long items() {
        return Long.parseLong(stats().get("curr_items"));
    }

    /** Sends one text-protocol command and reads lines up to END (tests only: a tiny client). */
    public List<String> command(String command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> lines = new java.util.ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("END") || line.startsWith("VERSION") || line.startsWith("ERROR")) {
                    lines.add(line);
                    break;
                }
                lines.add(line);
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException("memcached command failed: " + command, e);
        }
    }

    private void awaitVersion(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (command("version").get(0).startsWith("VERSION")) {
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
        throw new IllegalStateException("memcached on port " + port + " did not answer 'version'");
    }
}
