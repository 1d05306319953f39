package io.restcache.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Payara Micro with the bench WAR, as a child process on a free port, without Hazelcast. Its output goes
 * to a log file in the work directory.
 */
final class PayaraServer implements AutoCloseable {

    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CACHE_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PayaraServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static PayaraServer start(BenchSettings settings, String redisUri) throws IOException {
        return start(settings, redisUri, java.util.Map.of());
    }

    /** @param environment more environment variables of the server (restcache settings, e.g. the edge's) */
    static PayaraServer start(BenchSettings settings, String redisUri, java.util.Map<String, String> environment)
            throws IOException {
        int port = Processes.freePort();
        Path tmp = Files.createDirectories(settings.workDir().resolve("payara-tmp"));
        Path log = settings.workDir().resolve("payara.log");
        List<String> command = new ArrayList<>();
        command.add(Processes.javaExecutable());
        command.addAll(settings.payaraJvmOptions());
        // context roots come from each WAR's glassfish-web.xml: / for the bench WAR, /near for its copy
        command.addAll(List.of("-Djava.io.tmpdir=" + tmp,
                "-jar", settings.payaraJar().toString(),
                "--deploy", settings.war().toString(),
                "--deploy", WarVariants.nearCacheCopy(settings.war(), settings.workDir()).toString(),
                "--port", Integer.toString(port),
                "--nohazelcast",
                "--disablephonehome"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(settings.workDir().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // restcache and the baseline filter read the same key: both use the Redis the runner started
        builder.environment().put("RESTCACHE_REDIS_ADDRESS", redisUri);
        builder.environment().putAll(environment);
        return new PayaraServer(builder.start(), port, log);
    }

    /** Waits until the application answers and restcache is connected to Redis (it connects in the background). */
    void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (true) {
            requireAlive();
            try {
                if (get("/ceiling/2k").statusCode() == 200
                        && get(WarVariants.NEAR_CONTEXT_ROOT + "/ceiling/2k").statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("Payara Micro did not serve /ceiling/2k and /near/ceiling/2k within "
                        + BOOT_TIMEOUT.toMinutes()
                        + " min; the end of " + log + ":\n" + Processes.tail(log, 40));
            }
            Thread.sleep(500);
        }
        deadline = System.nanoTime() + CACHE_TIMEOUT.toNanos();
        for (int i = 0; ; i++) {
            HttpResponse<byte[]> r = get("/cached/2k?ready=" + i);
            String status = r.headers().firstValue("Cache-Status").orElse("");
            if (r.statusCode() == 200 && !status.contains("bypass")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("restcache did not connect to Redis within " + CACHE_TIMEOUT.toSeconds()
                        + " s (last Cache-Status: " + status + "); the end of " + log + ":\n" + Processes.tail(log, 40));
            }
            Thread.sleep(250);
        }
    }

    HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void requireAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("Payara Micro exited with status " + process.exitValue() + "; the end of " + log
                    + ":\n" + Processes.tail(log, 60));
        }
    }

    int port() {
        return port;
    }

    ProcessHandle process() {
        return process.toHandle();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        Processes.stop(process.toHandle(), 30);
    }
}
