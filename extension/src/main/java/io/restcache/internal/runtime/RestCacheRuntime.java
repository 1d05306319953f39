package io.restcache.internal.runtime;

import io.restcache.spi.KeyContributor;
import io.restcache.internal.config.InvalidConfigurationException;
import io.restcache.internal.config.RestCacheSettings;
import io.restcache.internal.fleet.Fleet;
import io.restcache.internal.flight.Flights;
import io.restcache.internal.store.Leases;
import io.restcache.internal.store.redis.RedisLeases;
import io.restcache.internal.fleet.NearCache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.key.UserHasher;
import io.restcache.internal.policy.CachePolicy;
import io.restcache.internal.policy.PolicyCompiler;
import io.restcache.internal.store.ResponseStore;
import io.restcache.internal.store.redis.Namespace;
import io.restcache.internal.store.redis.RedisConnector;
import io.restcache.internal.store.redis.RedisInvalidator;
import io.restcache.internal.store.redis.ReplicatedWrites;
import io.restcache.internal.store.redis.RedisResponseStore;
import io.restcache.internal.store.redis.ControlState;
import io.restcache.internal.store.redis.EvictionWatch;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * restcache's application-wide state: settings, the Redis connection, the store, the invalidation
 * service, the key builder and the compiled policies. Created when the application starts (it observes
 * the application scope's initialization), so that the connection to Redis is being made before the
 * first request, and closed when the application stops.
 *
 * <p>If the application produces its own {@link RedissonClient} bean, restcache uses it (and leaves its
 * lifecycle to the application) instead of creating one.
 */
@ApplicationScoped
public class RestCacheRuntime {

    private static final Logger LOG = Logger.getLogger(RestCacheRuntime.class.getName());

    /** The longest start-up waits for the first connection attempt; beyond it, the cache connects later. */
    private static final Duration FIRST_CONNECT_WAIT = Duration.ofSeconds(5);

    /**
     * How often the control state is re-read: the bound on how long a node that missed a generation bump
     * (an "invalidate everything") keeps serving the previous generation, and on how long it takes to
     * notice that Redis lost restcache's control state.
     */
    private static final long CONTROL_REFRESH_MILLIS = 1_000;

    @Inject
    Instance<RedissonClient> applicationClients;

    @Inject
    @Any
    Instance<KeyContributor> contributorBeans;

    @Inject
    Instance<io.restcache.spi.EdgePurger> applicationPurgers;

    private Map<String, KeyContributor> contributors;
    private RestCacheSettings settings;
    private RedisConnector connector;
    private Namespace namespace;
    private ResponseStore store;
    private InvalidationService invalidations;
    private KeyBuilder keys;
    private PolicyCompiler compiler;
    private ScheduledExecutorService maintenance;
    private Fleet fleet;
    private io.restcache.internal.store.redis.EpochRegistry epochRegistry;
    private io.restcache.internal.fleet.KeyTracking tracking;
    private ScheduledExecutorService trackingThread;
    private CircuitBreakers breaker;
    private ReplicatedWrites replicatedWrites;
    private RedisCalls redisCalls;
    private final CacheMetrics metrics = new CacheMetrics();
    private volatile CacheTelemetry telemetry = CacheTelemetry.NONE;
    private Flights flights;
    private Leases leases;
    private final List<CachePolicy> policies = new CopyOnWriteArrayList<>();
    private final AtomicReference<UserHasher> userHasher = new AtomicReference<>();
    private final FleetClock clock = FleetClock.system();
    private ControlState control;
    private Optional<io.restcache.internal.key.EdgeKeys> edgeKeys = Optional.empty();
    private ScheduledExecutorService edgeThread;
    private EvictionWatch evictions;
    private io.restcache.internal.store.memcached.MemcachedConnector memcachedConnector;
    private ResponseStore memcachedStore;
    private RedisCalls memcachedCalls;
    /** How often an open breaker's domain is probed in the background. */
    private static final long BREAKER_PROBE_MILLIS = 200;
    private static final long EVICTION_BUMP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private final java.util.concurrent.atomic.AtomicLong lastEvictionBump = new java.util.concurrent.atomic.AtomicLong();
    private volatile byte[] generatedSecret;
    private final RateLimitedLog problems = new RateLimitedLog(Logger.getLogger("io.restcache"), 10_000);

    @PostConstruct
    void start() {
        settings = RestCacheSettings.load(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
        keys = new KeyBuilder(settings.keyPrefix());
        contributors = contributorsByName();
        compiler = new PolicyCompiler(settings, contributors.keySet());
        settings.keySecret().ifPresent(s -> userHasher.set(new UserHasher(s.getBytes(StandardCharsets.UTF_8))));
        maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "restcache-maintenance");
            t.setDaemon(true);
            return t;
        });
        namespace = new Namespace(keys);
        control = new ControlState(namespace, settings.keySecret().isEmpty());
        evictions = new EvictionWatch(namespace, this::onBookkeepingEvicted);
        NearCache near = new NearCache(settings.nearMaxBytes(), settings.nearMaxAge(), Ticker.systemTicker());
        fleet = new Fleet(settings.nodeName(), near, settings.nearEnabled(), namespace, this::userHasher);
        tracking = new io.restcache.internal.fleet.KeyTracking(settings.nearEnabled() ? settings.nearTracking()
                : io.restcache.internal.config.NearTracking.OFF, settings.nodeName(), near, namespace,
                () -> connector.client());
        if (applicationClients.isResolvable()) {
            LOG.info("restcache uses the application's RedissonClient");
            connector = RedisConnector.using(settings, applicationClients.get(), this::onConnected);
        } else {
            connector = RedisConnector.connecting(settings, this::onConnected);
        }
        // a purge waits for a replica at most half the command timeout, so that the batch itself does not time out
        replicatedWrites = new ReplicatedWrites(settings.purgeReplicas().orElse(null), settings.redisTimeout().dividedBy(2));
        store = new RedisResponseStore(connector, namespace, clock::lowerBoundMicros, clock::micros,
                settings.maxVariants(), replicatedWrites);
        breaker = new CircuitBreakers(settings.breakerThreshold(), settings.breakerOpenFor(), clock);
        redisCalls = new RedisCalls(breaker, metrics, this::telemetry, problems, settings.redisBudget());
        leases = new RedisLeases(connector, namespace);
        flights = new Flights(settings.flightMaxWaiters(), settings.flightLease());
        invalidations = new InvalidationService(new RedisInvalidator(connector, namespace, this::readControlAsync,
                clock::upperBoundMicros, replicatedWrites, settings.lazyPurgeAbove()),
                maintenance,
                this::longestRetentionMillis, problems, this::userHasher, metrics);
        invalidations.setRedisHealthy(() -> breaker.state() == CircuitBreaker.State.CLOSED);
        invalidations.addListener(fleet);
        invalidations.setPublisher(fleet);
        epochRegistry = new io.restcache.internal.store.redis.EpochRegistry(connector, namespace);
        // a peer's purge may have been lazy: its refs are checked in Redis until the registry says (before the ack)
        fleet.onPeerInvalidation(invalidation -> {
            if (invalidation instanceof Invalidation.Indexed indexed) {
                epochRegistry.announced(indexed.refs());
            }
        });
        startMemcached();
        startEdge();
        maintenance.scheduleWithFixedDelay(this::refreshControl, CONTROL_REFRESH_MILLIS,
                CONTROL_REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(this::heartbeat, Fleet.HEARTBEAT_MILLIS, Fleet.HEARTBEAT_MILLIS,
                TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(this::probeOpenBreakers, BREAKER_PROBE_MILLIS, BREAKER_PROBE_MILLIS,
                TimeUnit.MILLISECONDS);
        if (settings.nearEnabled() && settings.nearTracking() != io.restcache.internal.config.NearTracking.OFF) {
            // a thread of its own: a slow control read on the maintenance thread must not delay the canary
            trackingThread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "restcache-tracking");
                t.setDaemon(true);
                return t;
            });
            trackingThread.scheduleWithFixedDelay(tracking::tick, io.restcache.internal.fleet.KeyTracking.TICK_MILLIS,
                    io.restcache.internal.fleet.KeyTracking.TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The Memcached store, when servers are configured: its own connection, breakers and invalidations
     * (counter bumps, heard before Redis executes an invalidation, so they go out with or without Redis).
     */
    private void startMemcached() {
        io.restcache.internal.config.MemcachedSettings memcached = settings.memcached();
        if (!memcached.configured()) {
            return;
        }
        memcachedConnector = io.restcache.internal.store.memcached.MemcachedConnector.connecting(memcached);
        io.restcache.internal.store.memcached.MemcachedResponseStore store = new io.restcache.internal.store.memcached
                .MemcachedResponseStore(memcachedConnector, settings.keyPrefix(), memcached.versionMaxAge(),
                memcached.clockSkew(), System::nanoTime);
        memcachedStore = store;
        store.primeNamespace(maintenance);
        memcachedCalls = new RedisCalls("Memcached", new CircuitBreakers(settings.breakerThreshold(),
                settings.breakerOpenFor(), clock), metrics, this::telemetry, problems, settings.redisBudget());
        io.restcache.internal.store.memcached.MemcachedInvalidations bumps = store.invalidations(this::userHasher,
                maintenance, this::longestRetentionMillis, problems, memcached.timeout());
        invalidations.addListener(bumps);
        fleet.onPeerInvalidation(bumps::heardFromPeer);
        // a bump that succeeded only after the fleet was told: nodes (this one too) may have refilled their near
        // caches from the old counter meanwhile; published drops this node's entries and tells the others again
        bumps.onLateBump(fleet::published);
    }

    /**
     * The edge in front: the keys its objects carry, and the purger (the application's bean, or the
     * built-in one configured) that every invalidation this node issues reaches, on a thread of its own.
     */
    private void startEdge() {
        io.restcache.internal.config.EdgeSettings edge = settings.edge();
        if (edge.labelsResponses()) {
            edgeKeys = Optional.of(new io.restcache.internal.key.EdgeKeys(settings.keyPrefix(),
                    settings.keySecret().map(s -> s.getBytes(StandardCharsets.UTF_8)), edge.rawTags()));
        }
        Optional<io.restcache.spi.EdgePurger> purger;
        if (applicationPurgers.isResolvable()) {
            if (edge.purger() != io.restcache.internal.config.EdgeSettings.Purger.NONE) {
                throw InvalidConfigurationException.of(RestCacheSettings.EDGE_PURGER,
                        "none (or unset) when the application provides an EdgePurger bean", edge.purger());
            }
            if (!edge.labelsResponses()) {
                throw InvalidConfigurationException.of(RestCacheSettings.EDGE_SURROGATE_KEYS,
                        "surrogate-key, xkey or cache-tag when the application provides an EdgePurger bean "
                                + "(else the edge holds no keys to purge)", edge.keyFormat());
            }
            purger = Optional.of(applicationPurgers.get());
        } else {
            purger = io.restcache.internal.purge.BuiltInPurgers.of(edge);
        }
        if (purger.isEmpty()) {
            return;
        }
        edgeThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "restcache-edge");
            t.setDaemon(true);
            return t;
        });
        io.restcache.internal.purge.EdgePurges purges = new io.restcache.internal.purge.EdgePurges(purger.get(), edgeThread, metrics,
                problems, io.restcache.internal.purge.EdgePurges.Timing.of(settings.nearMaxAge(), edge.purgeTimeout()),
                edge.purgeQueue());
        io.restcache.internal.key.EdgeKeys keys = edgeKeys.orElseThrow();
        boolean skip = Boolean.getBoolean(UNSAFE_SKIP_EDGE_PURGES);
        if (skip) {
            LOG.severe("restcache: " + UNSAFE_SKIP_EDGE_PURGES + " is set: invalidations do not reach the edge "
                    + "(a test-only switch; never set it in production)");
        }
        invalidations.onExecuted(invalidation -> {
            java.util.Set<String> purged = io.restcache.internal.purge.InvalidationKeys.of(invalidation, keys);
            if (!purged.isEmpty() && !skip) {
                purges.purge(purged);
            }
        });
        LOG.info(() -> "restcache: invalidations reach the edge through " + purger.get().getClass().getName());
    }

    /**
     * Test-only system property: invalidations are not sent to the edge purger, so that a test can show
     * that the edge then keeps serving what Redis dropped. Never set it in production.
     */
    static final String UNSAFE_SKIP_EDGE_PURGES = "restcache.test.unsafe-skip-edge-purges";

    private Map<String, KeyContributor> contributorsByName() {
        Map<String, KeyContributor> byName = new HashMap<>();
        for (KeyContributor c : contributorBeans) {
            KeyContributor previous = byName.put(c.name(), c);
            if (previous != null) {
                throw new InvalidConfigurationException("two KeyContributor beans are named '" + c.name() + "': "
                        + previous.getClass().getName() + " and " + c.getClass().getName());
            }
        }
        return byName;
    }

    /**
     * Forces creation at application start-up rather than on the first request, and gives the first
     * connection attempt a bounded time to finish, so that a healthy Redis serves the first requests.
     */
    void onApplicationStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        connector.awaitFirstAttempt(FIRST_CONNECT_WAIT);
        if (memcachedConnector != null) {
            memcachedConnector.awaitConnected(FIRST_CONNECT_WAIT);
        }
        LOG.info(() -> "restcache started; Redis " + (store.available() ? "connected" : "not connected yet, "
                + "serving uncached until it is"));
    }

    private void onConnected(RedissonClient client) {
        breaker.perSlotRange(client.getConfig().isClusterConfig());
        try {
            replicatedWrites.detect(client);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "restcache: could not tell whether Redis has replicas", e);
        }
        readControl(client);
        fleet.subscribe(client);
        try {
            evictions.start(client);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "restcache: could not watch Redis evictions", e);
        }
    }

    /**
     * Redis evicted an index, a fence or the control state: entries may now be out of reach of their
     * purges, so everything is invalidated (one generation bump per node at most every few seconds: every
     * node hears the same eviction, and later ones of the old generation are ignored).
     */
    private void onBookkeepingEvicted(String key) {
        long now = System.nanoTime();
        long last = lastEvictionBump.get();
        if (now - last < EVICTION_BUMP_INTERVAL_NANOS && last != 0 || !lastEvictionBump.compareAndSet(last, now)) {
            return;
        }
        LOG.warning("restcache: Redis evicted restcache's bookkeeping (an index, a fence or the control state); "
                + "invalidating everything. Give Redis enough memory for the working set of entries, so that it "
                + "does not evict the indexes the entries depend on");
        invalidations.submit(new Invalidation.Everything());
    }

    /** Reads a key in each open breaker's domain (with Redis's own timeout); an answer closes the breaker. */
    private void probeOpenBreakers() {
        java.util.Map<String, CircuitBreaker> open = breaker.toProbe();
        if (open.isEmpty()) {
            return;
        }
        connector.client().ifPresent(client -> open.forEach((key, domain) -> client
                .getBucket(key, StringCodec.INSTANCE).remainTimeToLiveAsync()
                .whenComplete((ttl, failed) -> {
                    if (failed == null) {
                        domain.success();
                    }
                })));
    }

    /**
     * The fleet's heartbeat; then, while the fleet is heard, the epochs registry is (re)loaded if this node's
     * copy is unknown (it became so when a message may have been missed).
     */
    private void heartbeat() {
        fleet.heartbeat();
        if (fleet.hearing()) {
            epochRegistry.loadIfUnknown();
        }
    }

    private void refreshControl() {
        connector.client().ifPresent(client -> {
            try {
                readControl(client);
                evictions.check(client);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "restcache: could not re-read the control state", e);
            }
        });
    }

    /**
     * Reads the control state (generation, generated secret, server clock) and follows it: a new
     * incarnation means Redis lost restcache's state, and the node starts over with the new one.
     */
    private void readControl(RedissonClient client) {
        readControlAsync(client).toCompletableFuture().join();
    }

    /** {@link #readControl}, without blocking (every purge runs it first). */
    private CompletionStage<?> readControlAsync(RedissonClient client) {
        long sent = clock.localMicros();
        return control.readAsync(client).thenAccept(read -> {
            long received = clock.localMicros();
            read.ifPresent(snapshot -> follow(snapshot, sent, received));
        });
    }

    private synchronized void follow(ControlState.Snapshot snapshot, long sent, long received) {
        clock.sample(sent, snapshot.serverMicros(), received);
        snapshot.secret().ifPresent(secret -> {
            if (generatedSecret == null || !java.util.Arrays.equals(generatedSecret, secret)) {
                generatedSecret = secret;
                userHasher.set(new UserHasher(secret));
            }
        });
        Namespace.Incarnation before = namespace.incarnation();
        if (namespace.adopt(snapshot.incarnation())) {
            LOG.warning(() -> "restcache: Redis lost restcache's control state (incarnation " + before.id() + " is now "
                    + snapshot.incarnation().id() + "); near cache cleared, fills begun before are not kept, "
                    + "generation " + snapshot.incarnation().generation());
        }
    }

    @PreDestroy
    void stop() {
        invalidations.flush(Duration.ofSeconds(1));
        maintenance.shutdownNow();
        if (edgeThread != null) {
            edgeThread.shutdownNow();
        }
        if (trackingThread != null) {
            trackingThread.shutdownNow();
        }
        tracking.close();
        connector.close();
        if (memcachedConnector != null) {
            memcachedConnector.close();
        }
    }

    /** Called by the JAX-RS feature for each cached method it compiled. */
    public void register(CachePolicy policy) {
        policies.add(policy);
    }

    /** Whether a path (normalized, relative to the application) is served by a cached method. */
    public boolean isCachedPath(String path) {
        for (CachePolicy p : policies) {
            if (p.template().match(path).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Every cached method's policy. */
    public List<CachePolicy> policies() {
        return List.copyOf(policies);
    }

    private long longestRetentionMillis() {
        return policies.stream().mapToLong(p -> p.retention().toMillis()).max()
                .orElse(settings.defaultTtl().toMillis());
    }

    /**
     * This instance itself rather than the CDI client proxy it is called through: the filters call the
     * runtime a dozen times per request, and an application-scoped instance lives as long as the
     * application, so they may hold it directly and skip the proxy's per-call context lookup. Handed
     * out inside a supplier because a client proxy (Weld's) replaces a returned {@code this} with itself.
     */
    public Supplier<RestCacheRuntime> unproxied() {
        RestCacheRuntime self = this;
        return () -> self;
    }

    public RestCacheSettings settings() {
        return settings;
    }

    public ResponseStore store() {
        return store;
    }

    /** {@code connected}, {@code disconnected}, or {@code not configured} (no {@code restcache.memcached.servers}). */
    public String memcachedState() {
        return memcachedConnector == null ? "not configured"
                : memcachedConnector.connected() ? "connected" : "disconnected";
    }

    /** The store of one cached method ({@code @Cached(store)}, else {@code restcache.store}). */
    public ResponseStore store(CachePolicy policy) {
        return policy.store() == io.restcache.internal.store.StoreKind.MEMCACHED ? memcachedStore : store;
    }

    /** The calls to the store of one cached method: budget, its circuit breakers, metrics. */
    public RedisCalls calls(CachePolicy policy) {
        return policy.store() == io.restcache.internal.store.StoreKind.MEMCACHED ? memcachedCalls : redisCalls;
    }

    public InvalidationService invalidations() {
        return invalidations;
    }

    /** Every Redis step on the request path: budget, circuit breaker, metrics. */
    public RedisCalls redis() {
        return redisCalls;
    }

    /** The circuit breakers of the Redis calls, one per failure domain. */
    public CircuitBreakers breaker() {
        return breaker;
    }

    public CacheMetrics metrics() {
        return metrics;
    }

    /** Where outcomes, failed Redis steps and invalidations are reported for tracing (nothing by default). */
    public CacheTelemetry telemetry() {
        return telemetry;
    }

    /** Set by the tracing bridge where the server offers one. */
    public void telemetry(CacheTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    /** This node's single-flight of concurrent misses. */
    public Flights flights() {
        return flights;
    }

    /** Fleet-wide fill leases. */
    public Leases leases() {
        return leases;
    }

    /** This node's near cache (in front of Redis). */
    public NearCache near() {
        return fleet.near();
    }

    /** The current namespace generation (part of every key); -1 until read from Redis. */
    public long generation() {
        return namespace.generation();
    }

    /** The application's key contributors by name. */
    public Map<String, KeyContributor> contributors() {
        return Map.copyOf(contributors);
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

    /** The fleet clock (Redis's server time as estimated on this node): every entry time uses it. */
    public Clock clock() {
        return clock;
    }

    /** The keys the edge knows entries by; empty unless {@code restcache.edge.*} labels responses. */
    public Optional<io.restcache.internal.key.EdgeKeys> edgeKeys() {
        return edgeKeys;
    }

    /** Where Redis problems on the request path are reported, at most once per interval per kind. */
    public RateLimitedLog problems() {
        return problems;
    }
}
