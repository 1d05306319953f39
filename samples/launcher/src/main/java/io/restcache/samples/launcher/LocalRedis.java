package io.restcache.samples.launcher;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import redis.embedded.RedisServer;

/**
 * Finds out whether a Redis answers at an address and, when none does on this machine, starts one:
 * the {@code redis-server} on the PATH if there is one, else the binary that embedded-redis ships.
 */
final class LocalRedis {

    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private LocalRedis() {
    }

    /** A Redis this launcher started; closing it stops it. */
    interface Started extends AutoCloseable {
        /** What was started, for the console. */
        String description();

        @Override
        void close();
    }

    /** Host and port of a {@code redis://} or {@code rediss://} address. */
    record Address(String uri, String host, int port, boolean tls) {

        static Address parse(String uri) {
            URI parsed = URI.create(uri.trim());
            String scheme = String.valueOf(parsed.getScheme()).toLowerCase();
            if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                throw new IllegalArgumentException("Not a redis:// or rediss:// address: " + uri);
            }
            String host = parsed.getHost();
            if (host == null) {
                throw new IllegalArgumentException("No host in " + uri);
            }
            if (host.startsWith("[")) { // an IPv6 literal
                host = host.substring(1, host.length() - 1);
            }
            return new Address(uri.trim(), host, parsed.getPort() < 0 ? 6379 : parsed.getPort(), scheme.equals("rediss"));
        }
    }

    /**
     * Sends {@code PING} and returns the first line of the answer: {@code +PONG}, or an error such as
     * {@code -NOAUTH ...} from a Redis that wants a password. Empty when nothing answers in time.
     */
    static Optional<String> ping(String host, int port) {
        int timeout = (int) PROBE_TIMEOUT.toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeout);
            socket.setSoTimeout(timeout);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return Optional.ofNullable(in.readLine());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the host is this machine, where starting a Redis can help. */
    static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    /**
     * Starts a throwaway Redis (no RDB snapshots, no AOF) listening on the address's port and
     * waits until it answers.
     *
     * @param logDir where the output of a {@code redis-server} process goes
     */
    static Started start(Address address, Path logDir) throws IOException, InterruptedException {
        String bind = InetAddress.getByName(address.host()).getHostAddress();
        Optional<Path> installed = onPath("redis-server");
        Started started = installed.isPresent()
                ? startProcess(installed.get(), bind, address.port(), logDir)
                : startEmbedded(bind, address.port());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ping(address.host(), address.port()).filter("+PONG"::equals).isPresent()) {
            if (System.nanoTime() > deadline) {
                started.close();
                throw new IOException(started.description() + " did not answer PING within " + START_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        return started;
    }

    private static Started startProcess(Path executable, String bind, int port, Path logDir) throws IOException {
        Path log = logDir.resolve("redis-" + port + ".log");
        Process process = new ProcessBuilder(List.of(executable.toString(),
                "--port", Integer.toString(port), "--bind", bind,
                "--save", "", "--appendonly", "no", "--dir", logDir.toAbsolutePath().toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        String description = executable + " (pid " + process.pid() + ", port " + port + ", log " + log + ")";
        return new Started() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public void close() {
                stop(process);
            }
        };
    }

    private static Started startEmbedded(String bind, int port) throws IOException {
        RedisServer server = RedisServer.newRedisServer()
                .bind(bind)
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        String description = "embedded Redis from the embedded-redis jar (port " + port + ")";
        return new Started() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public void close() {
                try {
                    server.stop();
                } catch (IOException e) {
                    System.err.println("[launcher] Could not stop the embedded Redis: " + e);
                }
            }
        };
    }

    /** SIGTERM first, so that the process shuts down cleanly; a kill if it takes too long. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
