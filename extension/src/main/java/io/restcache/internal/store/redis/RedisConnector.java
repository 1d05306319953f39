package io.restcache.internal.store.redis;

import io.restcache.internal.config.InvalidConfigurationException;
import io.restcache.internal.config.RestCacheSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/*
 * Design note. Creating a RedissonClient connects eagerly and throws when Redis is unreachable, and takes
 * 1.4-2.4 s even when it is reachable. So the client is created on a background thread as soon as the
 * application starts, and retried at an interval until it succeeds: the application starts, and serves
 * uncached, whether or not Redis is up. Once created, Redisson reconnects by itself.
 *
 * The settings are chosen for a cache, not for a system of record: a short command timeout, no
 * retries (a request that cannot get an answer at once is better served by the method), reads from
 * the master only (a replica may still hold an entry that was just invalidated). With a Redisson YAML file
 * they apply wherever the file is silent (RedissonFileConfig).
 */
/** Owns the connection to Redis: creates it in the background and shuts it down with the application. */
public final class RedisConnector implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisConnector.class.getName());

    private final RestCacheSettings settings;
    private final AtomicReference<RedissonClient> client = new AtomicReference<>();
    private final boolean ownsClient;
    private final ScheduledExecutorService connectThread;
    private final Consumer<RedissonClient> onConnected;
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private volatile boolean unreachableLogged;

    private RedisConnector(RestCacheSettings settings, RedissonClient given, Consumer<RedissonClient> onConnected) {
        this.settings = settings;
        this.onConnected = onConnected;
        this.ownsClient = given == null;
        this.client.set(given);
        this.connectThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "restcache-redis-connect");
            t.setDaemon(true);
            return t;
        });
    }

    /** Uses a client the application produced; restcache neither configures nor shuts it down. */
    public static RedisConnector using(RestCacheSettings settings, RedissonClient applicationClient,
            Consumer<RedissonClient> onConnected) {
        RedisConnector connector = new RedisConnector(settings, applicationClient, onConnected);
        connector.connectThread.execute(() -> connector.announce(applicationClient));
        return connector;
    }

    /**
     * Starts connecting in the background with restcache's own client. Validates the Redisson config
     * at once, so that a bad config file fails the deployment rather than retrying forever.
     */
    public static RedisConnector connecting(RestCacheSettings settings, Consumer<RedissonClient> onConnected) {
        Config config = redissonConfig(settings);
        RedisConnector connector = new RedisConnector(settings, null, onConnected);
        connector.connectThread.execute(() -> connector.connect(config));
        return connector;
    }

    /**
     * Waits, at most {@code max}, for the first attempt to connect to finish, successful or not. Called
     * once at application start-up: when Redis is up, the first requests find the cache ready; when it
     * is down, the attempt fails fast (connection refused) or within the connect timeout, and the
     * application starts anyway.
     */
    public void awaitFirstAttempt(Duration max) {
        try {
            firstAttempt.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The client if connected, else empty: callers go uncached. */
    public Optional<RedissonClient> client() {
        return Optional.ofNullable(client.get());
    }

    private void connect(Config config) {
        try {
            RedissonClient created = Redisson.create(config);
            client.set(created);
            LOG.info(() -> "restcache connected to Redis at " + describe());
            announce(created);
        } catch (RuntimeException e) {
            firstAttempt.countDown();
            if (!unreachableLogged) {
                unreachableLogged = true;
                LOG.warning(() -> "restcache cannot reach Redis at " + describe() + " (" + e.getMessage()
                        + "); serving uncached and retrying every " + settings.reconnectInterval().toMillis() + " ms");
            }
            if (!connectThread.isShutdown()) {
                connectThread.schedule(() -> connect(config), settings.reconnectInterval().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Runs the connect callback; a failure there (Redis gone again) is retried later. */
    private void announce(RedissonClient connected) {
        try {
            onConnected.accept(connected);
            firstAttempt.countDown();
        } catch (RuntimeException e) {
            firstAttempt.countDown();
            LOG.warning(() -> "restcache could not initialise against Redis (" + e.getMessage() + "); retrying in "
                    + settings.reconnectInterval().toMillis() + " ms");
            if (!connectThread.isShutdown()) {
                connectThread.schedule(() -> announce(connected), settings.reconnectInterval().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    private String describe() {
        return settings.redisConfigFile().map(f -> "config file " + f).orElse(settings.redisAddress());
    }

    static Config redissonConfig(RestCacheSettings settings) {
        if (settings.redisConfigFile().isPresent()) {
            String file = settings.redisConfigFile().get();
            String yaml;
            try {
                yaml = Files.readString(Path.of(file));
            } catch (IOException | RuntimeException e) {
                throw new InvalidConfigurationException(RestCacheSettings.REDIS_CONFIG_FILE
                        + " must name a readable Redisson YAML file, was '" + file + "': " + e, e);
            }
            return RedissonFileConfig.load(yaml, file, settings, LOG::warning);
        }
        Config config = new Config();
        config.setNettyThreads(settings.redisNettyThreads());
        config.useSingleServer()
                .setAddress(settings.redisAddress())
                .setClientName("restcache:" + settings.nodeName())
                // connecting happens off the request path (start-up, reconnection): give a busy machine time
                .setConnectTimeout((int) Math.max(settings.redisTimeout().toMillis(), 3000))
                .setTimeout((int) settings.redisTimeout().toMillis())
                .setRetryAttempts(0)
                .setPingConnectionInterval(1000)
                .setConnectionMinimumIdleSize(4)
                .setConnectionPoolSize(32);
        return config;
    }

    @Override
    public void close() {
        connectThread.shutdownNow();
        RedissonClient c = client.getAndSet(null);
        if (c != null && ownsClient) {
            try {
                c.shutdown(0, 2, TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "restcache: error while shutting Redis down", e);
            }
        }
    }
}
