package io.restcache.runtime;

import io.restcache.config.RestCacheSettings;
import io.restcache.key.KeyBuilder;
import io.restcache.key.UserHasher;
import io.restcache.policy.PolicyCompiler;
import io.restcache.store.ResponseStore;
import io.restcache.store.redis.RedisConnector;
import io.restcache.store.redis.RedisResponseStore;
import io.restcache.store.redis.UserSecret;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.redisson.api.RedissonClient;

/**
 * restcache's application-wide state: settings, the Redis connection, the store, the key builder.
 * Created when the application starts (it observes the application scope's initialization), so that
 * the connection to Redis is being made before the first request, and closed when the application stops.
 *
 * <p>If the application produces its own {@link RedissonClient} bean, restcache uses it (and leaves its
 * lifecycle to the application) instead of creating one.
 */
@ApplicationScoped
public class RestCacheRuntime {

    private static final Logger LOG = Logger.getLogger(RestCacheRuntime.class.getName());

    /** The longest start-up waits for the first connection attempt; beyond it, the cache connects later. */
    private static final Duration FIRST_CONNECT_WAIT = Duration.ofSeconds(5);

    @Inject
    Instance<RedissonClient> applicationClients;

    private RestCacheSettings settings;
    private RedisConnector connector;
    private ResponseStore store;
    private KeyBuilder keys;
    private PolicyCompiler compiler;
    private final AtomicReference<UserHasher> userHasher = new AtomicReference<>();
    private final Clock clock = Clock.systemUTC();
    private final RateLimitedLog problems = new RateLimitedLog(Logger.getLogger("io.restcache"), 10_000);

    @PostConstruct
    void start() {
        settings = RestCacheSettings.load(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
        keys = new KeyBuilder(settings.keyPrefix());
        compiler = new PolicyCompiler(settings);
        settings.keySecret().ifPresent(s -> userHasher.set(new UserHasher(s.getBytes(StandardCharsets.UTF_8))));
        if (applicationClients.isResolvable()) {
            LOG.info("restcache uses the application's RedissonClient");
            connector = RedisConnector.using(settings, applicationClients.get(), this::onConnected);
        } else {
            connector = RedisConnector.connecting(settings, this::onConnected);
        }
        store = new RedisResponseStore(connector);
    }

    /**
     * Forces creation at application start-up rather than on the first request, and gives the first
     * connection attempt a bounded time to finish, so that a healthy Redis serves the first requests.
     */
    void onApplicationStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        connector.awaitFirstAttempt(FIRST_CONNECT_WAIT);
        LOG.info(() -> "restcache started; Redis " + (store.available() ? "connected" : "not connected yet, "
                + "serving uncached until it is"));
    }

    private void onConnected(RedissonClient client) {
        if (userHasher.get() == null) {
            byte[] secret = UserSecret.fetchOrCreate(client, keys.secretKey());
            userHasher.compareAndSet(null, new UserHasher(secret));
        }
    }

    @PreDestroy
    void stop() {
        connector.close();
    }

    public RestCacheSettings settings() {
        return settings;
    }

    public ResponseStore store() {
        return store;
    }

    public KeyBuilder keys() {
        return keys;
    }

    public PolicyCompiler compiler() {
        return compiler;
    }

    /** Hashes callers for per-user keys; empty until the secret is known (configured, or read from Redis). */
    public Optional<UserHasher> userHasher() {
        return Optional.ofNullable(userHasher.get());
    }

    public Clock clock() {
        return clock;
    }

    /** Where Redis problems on the request path are reported, at most once per interval per kind. */
    public RateLimitedLog problems() {
        return problems;
    }
}
