package io.restcache.itests.conformance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP caching conformance suite ({@code http-cache-tests} from the npm registry, pinned by the committed
 * lockfile) as processes: installs it with {@code npm ci} into the build directory, runs its origin, runs its
 * cli against a deployment, and runs the committed scripts that check and count the results.
 */
final class ConformanceSuite implements AutoCloseable {

    private static final Duration INSTALL = Duration.ofMinutes(3);
    private static final Duration ORIGIN_START = Duration.ofSeconds(20);
    /** One mode takes about 30 s: the suite waits out the freshness lifetimes it tests. */
    private static final Duration RUN = Duration.ofMinutes(3);
    private static final Duration SCRIPT = Duration.ofSeconds(30);

    private final Path sources;
    private final Path work;
    private final Path suite;
    private final int originPort;
    private final Process origin;
    private final Path pidfile;

    private ConformanceSuite(Path sources, Path work, int originPort) throws IOException, InterruptedException {
        this.sources = sources;
        this.work = work;
        this.suite = work.resolve("node_modules/http-cache-tests");
        this.originPort = originPort;
        this.pidfile = work.resolve("origin.pid");
        Files.deleteIfExists(pidfile);
        ProcessBuilder server = new ProcessBuilder("node", "server/server.mjs").directory(suite.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("origin.log").toFile());
        server.environment().put("npm_config_protocol", "http");
        server.environment().put("npm_config_port", Integer.toString(originPort));
        server.environment().put("npm_config_pidfile", pidfile.toString());
        this.origin = server.start();
        awaitListening();
    }

    /** Installs the suite (once per build directory) and starts its origin on {@code originPort}. */
    static ConformanceSuite start(int originPort) throws IOException, InterruptedException {
        Path sources = Path.of(Objects.requireNonNull(System.getProperty("restcache.itest.conformance"),
                "run through Maven: restcache.itest.conformance names the folder with package.json"));
        Path work = Path.of(System.getProperty("restcache.itest.workdir", "target")).resolve("conformance");
        Files.createDirectories(work);
        for (String file : List.of("package.json", "package-lock.json", "check.mjs", "count.mjs")) {
            Files.copy(sources.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isRegularFile(work.resolve("node_modules/http-cache-tests/cli.mjs"))) {
            run(work, work.resolve("npm-ci.log"), INSTALL, List.of("npm", "ci", "--no-audit", "--no-fund"));
        }
        return new ConformanceSuite(sources, work, originPort);
    }

    /** @return the base URL of an origin on {@code port}, as the forwarding application's {@code conformance.origin} */
    static String originUrl(int port) {
        return "http://127.0.0.1:" + port + "/";
    }

    /** Runs every test of the suite against {@code base}; returns the result file ({@code id: true | [kind, why]}). */
    Path runAgainst(URL base, String mode) throws IOException, InterruptedException {
        String url = base.toExternalForm();
        Path result = work.resolve(mode + ".json");
        ProcessBuilder cli = new ProcessBuilder("node", "--no-warnings", "cli.mjs").directory(suite.toFile())
                .redirectError(work.resolve(mode + ".err").toFile()).redirectOutput(result.toFile());
        cli.environment().put("npm_config_base", url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        // both empty: the cli reads `npm_config_id || npm_package_config_id` and would run a test named "undefined"
        cli.environment().put("npm_config_id", "");
        cli.environment().put("npm_package_config_id", "");
        Process process = cli.start();
        if (!process.waitFor(RUN.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the suite did not finish within " + RUN + " against " + url);
        }
        if (process.exitValue() != 0 || Files.size(result) == 0) {
            throw new IllegalStateException("the suite's cli failed (exit " + process.exitValue() + "): "
                    + Files.readString(work.resolve(mode + ".err")));
        }
        return result;
    }

    /**
     * Runs the committed check for one server (groups of expectations may name the servers they apply to);
     * returns its exit code and output.
     */
    Outcome check(String server, List<String> modeResults) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "check.mjs", "--server=" + server,
                sources.resolve("expectations.json").toString()));
        command.addAll(modeResults);
        return run(work, work.resolve("check.txt"), SCRIPT, command);
    }

    /** Runs the committed count; returns the Markdown table (also written to {@code table.md}). */
    Outcome count(List<String> modeResults) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "count.mjs"));
        command.addAll(modeResults);
        return run(work, work.resolve("table.md"), SCRIPT, command);
    }

    /** Stops the origin by the PID it wrote. */
    @Override
    public void close() throws IOException {
        if (Files.isRegularFile(pidfile)) {
            long pid = Long.parseLong(Files.readString(pidfile).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        origin.destroy();
    }

    /** A finished process: its exit code and its output. */
    record Outcome(int exit, String output) {
    }

    private static Outcome run(Path dir, Path log, Duration bound, List<String> command)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + bound);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (command.get(0).equals("npm") && process.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed (exit " + process.exitValue() + "): " + output);
        }
        return new Outcome(process.exitValue(), output);
    }

    private void awaitListening() throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(ORIGIN_START);
        while (Instant.now().isBefore(deadline)) {
            if (!origin.isAlive()) {
                throw new IllegalStateException("the suite's origin exited: " + Files.readString(work.resolve("origin.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", originPort), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the suite's origin did not listen on " + originPort + " within " + ORIGIN_START);
    }

    /** @return a port nobody listens on now */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
