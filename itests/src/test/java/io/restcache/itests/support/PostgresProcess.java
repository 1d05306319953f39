package io.restcache.itests.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster that a test owns: a fresh data directory under the build directory, a free port,
 * loopback only, stopped by its postmaster's PID — never the machine's own PostgreSQL. {@code initdb} and
 * {@code pg_ctl} refuse to run as root, so as root they run as the {@code postgres} OS user (runuser),
 * with the data directory owned by that user. Binaries: {@code /usr/lib/postgresql/<newest>/bin}
 * (Debian's layout), else the PATH.
 */
public final class PostgresProcess implements AutoCloseable {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private long pid;

    private PostgresProcess(Path bin, Path dataDir, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Initialises and starts a cluster in a new directory under {@code parent} (e.g. target/). */
    public static PostgresProcess start(Path parent) {
        int port = RedisProcess.freePort();
        Path dataDir = parent.resolve("postgres-" + port).toAbsolutePath();
        PostgresProcess pg = new PostgresProcess(binaries(), dataDir, port);
        pg.initAndStart();
        return pg;
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of the cluster's {@code postgres} database (trust authentication, loopback only). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Runs SQL through psql as the postgres superuser and returns its unaligned, tuples-only output. */
    public String sql(String statement) {
        return run(Duration.ofSeconds(60), List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres",
                "-d", "postgres", "-c", statement));
    }

    private void initAndStart() {
        try {
            Files.createDirectories(dataDir);
            if (ROOT) {
                chownToPostgres(dataDir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dataDir, e);
        }
        run(Duration.ofMinutes(2), List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--no-sync"));
        // fsync off: the test's database need not survive a power cut, and it must not slow other builds
        run(Duration.ofMinutes(1), List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "60",
                "-l", dataDir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start"));
        try {
            String pidLine = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).trim();
            pid = Long.parseLong(pidLine);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL started in " + dataDir + " but its postmaster.pid is unreadable", e);
        }
    }

    /**
     * Fast shutdown (SIGINT) of the postmaster by its PID, SIGKILL if it does not exit within 30 s; then
     * the data directory is removed (about 40 MB per run).
     */
    @Override
    public void close() {
        if (pid == 0) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(postmaster -> {
            run(Duration.ofSeconds(10), List.of("kill", "-INT", Long.toString(pid)));
            try {
                postmaster.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception notInTime) {
                postmaster.destroyForcibly();
            }
        });
        pid = 0;
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException leftBehind) {
            // under the build directory: the next clean removes it
        }
    }

    private static Path binaries() {
        File[] versions = new File("/usr/lib/postgresql").listFiles(f -> new File(f, "bin/initdb").canExecute());
        if (versions != null && versions.length > 0) {
            return Arrays.stream(versions).max(Comparator.comparingInt(f -> versionOf(f.getName())))
                    .orElseThrow().toPath().resolve("bin");
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, "initdb").canExecute()) {
                return Path.of(dir);
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin or on the"
                + " PATH: install PostgreSQL (Debian: apt-get install postgresql)");
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void chownToPostgres(Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName("postgres"));
        GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
        view.setGroup(group);
    }

    /** Runs a command (as postgres when this JVM is root), failing with its output on a non-zero exit. */
    private static String run(Duration timeout, List<String> command) {
        List<String> full = new ArrayList<>();
        if (ROOT && !command.get(0).equals("kill")) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();    // pg_ctl -l detaches the server's output
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", full));
            }
            String output = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("exit " + p.exitValue() + ": " + String.join(" ", full) + "\n" + output);
            }
            return output.trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
