package io.restcache.bench;

import io.restcache.internal.config.RestCacheSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.embedded.RedisServer;

/**
 * The benchmark's own Redis, on a free loopback port: {@code redis-server} from the PATH, else the binary
 * that embedded-redis ships. No persistence. Never a Redis the runner did not start.
 */
final class LocalRedis implements AutoCloseable {

    private final int port;
    private final String description;
    private final Process process;          // redis-server from the PATH
    private final RedisServer embedded;     // or the embedded one
    private final Optional<ProcessHandle> handle;

    private LocalRedis(int port, String description, Process process, RedisServer embedded, Optional<ProcessHandle> handle) {
        this.port = port;
        this.description = description;
        this.process = process;
        this.embedded = embedded;
        this.handle = handle;
    }

    static LocalRedis start(Path workDir) throws IOException, InterruptedException {
        int port = Processes.freePort();
        Optional<Path> installed = Processes.onPath("redis-server");
        LocalRedis redis;
        if (installed.isPresent()) {
            Path log = workDir.resolve("redis.log");
            Process p = new ProcessBuilder(List.of(installed.get().toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workDir.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            redis = new LocalRedis(port, "redis-server (pid " + p.pid() + ", port " + port + ")", p, null,
                    Optional.of(p.toHandle()));
        } else {
            RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            Optional<ProcessHandle> child = ProcessHandle.current().children()
                    .filter(h -> h.info().command().map(c -> c.contains("redis")).orElse(false)).findFirst();
            redis = new LocalRedis(port, "embedded Redis (port " + port + ")", null, server, child);
        }
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            try (Resp r = new Resp("127.0.0.1", port)) {
                if ("PONG".equals(r.call("PING"))) {
                    return redis;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || (redis.process != null && !redis.process.isAlive())) {
                redis.close();
                throw new IOException(redis.description + " did not answer PING within 15 s");
            }
            Thread.sleep(100);
        }
    }

    int port() {
        return port;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    String description() {
        return description;
    }

    /** The redis-server process, to measure its CPU; empty if it could not be found. */
    Optional<ProcessHandle> process() {
        return handle;
    }

    /** restcache's settings for a client of this Redis (a patient timeout: benchmarks, not requests). */
    RestCacheSettings restcacheSettings(String keyPrefix) {
        Map<String, String> config = Map.of(
                RestCacheSettings.REDIS_ADDRESS, uri(),
                RestCacheSettings.REDIS_TIMEOUT, "10s",
                RestCacheSettings.KEY_PREFIX, keyPrefix);
        return RestCacheSettings.load(k -> Optional.ofNullable(config.get(k)));
    }

    Resp connect() throws IOException {
        return new Resp("127.0.0.1", port);
    }

    @Override
    public void close() {
        if (process != null) {
            Processes.stop(process.toHandle(), 10);
        }
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (IOException e) {
                System.err.println("[bench] could not stop the embedded Redis: " + e);
            }
        }
    }
}
