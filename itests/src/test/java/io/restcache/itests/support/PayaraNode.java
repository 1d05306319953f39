package io.restcache.itests.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A second (third, ...) Payara Micro node that a fleet test starts itself, beside the one Arquillian
 * manages, with the same WAR: a real separate JVM with its own near cache and its own Redis connections.
 */
public final class PayaraNode implements AutoCloseable {

    /**
     * What Payara Micro logs when it came up but the WAR did not deploy. Seen in CI, before any of restcache's
     * code ran: "Error while installing policy provider: ... Thread.getContextClassLoader() is null", a race
     * in Payara's own security start-up. The node then answers 404 forever; {@link #awaitReady} starts it
     * once more instead of waiting out its timeout.
     */
    private static final String DEPLOYMENT_FAILED = "Exception while deploying the app";

    private volatile Process process;
    private final int port;
    private final String context;
    private final List<String> command;
    private final Path dir;
    private int restarts;

    private PayaraNode(Process process, int port, String context, List<String> command, Path dir) {
        this.process = process;
        this.port = port;
        this.context = context;
        this.command = List.copyOf(command);
        this.dir = dir;
    }

    /**
     * Starts a node in the background; call {@link #awaitReady} before using it.
     *
     * @param systemProperties MicroProfile Config overrides for this node (e.g. its node name)
     */
    public static PayaraNode start(WebArchive war, String context, Map<String, String> systemProperties) {
        String microJar = Objects.requireNonNull(System.getProperty("payara.microJar"), "payara.microJar is not set");
        int port = RedisProcess.freePort();
        try {
            Path dir = Files.createTempDirectory("payara-node-" + port);
            File warFile = dir.resolve(context + ".war").toFile();
            war.as(ZipExporter.class).exportTo(warFile, true);
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xmx512m");
            // C1 only and the serial collector, as for the adapter's servers (itests/pom.xml): a node lives a
            // minute or two and several boot at once on 2 cores, so compiling less is what counts
            command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            command.add("-Djava.io.tmpdir=" + dir);
            systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(List.of("-jar", microJar, "--deploy", warFile.getAbsolutePath(), "--contextroot", context,
                    "--port", Integer.toString(port), "--nohazelcast"));
            return new PayaraNode(launch(command, dir), port, context, command, dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a Payara Micro node", e);
        }
    }

    private static Process launch(List<String> command, Path dir) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile())
                .start();
    }

    /** Payara Micro logged that the WAR failed to deploy: restart the node once (see {@link #DEPLOYMENT_FAILED}). */
    private boolean restartedAfterAFailedDeployment() {
        Path log = dir.resolve("server.log");
        try {
            if (restarts > 0 || !Files.exists(log) || !Files.readString(log).contains(DEPLOYMENT_FAILED)) {
                return false;
            }
            restarts++;
            System.err.println("[payara-node] the WAR did not deploy on port " + port + " (Payara's own start-up); "
                    + "restarting the node once; its log: " + Files.move(log, dir.resolve("server-failed.log")));
            process.destroyForcibly().waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            process = launch(command, dir);
            return true;
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;       // the log is being written or unreadable: look again on the next round
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the application answers {@code probePath} with 200. */
    public PayaraNode awaitReady(String probePath, Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Payara Micro node exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(base() + probePath))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
                if (r.statusCode() == 404 && restartedAfterAFailedDeployment()) {
                    continue;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the Payara Micro node on port " + port + " did not become ready");
    }

    public String base() {
        return "http://127.0.0.1:" + port + "/" + context + "/";
    }

    public URL url() {
        try {
            return URI.create(base()).toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
