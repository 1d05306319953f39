package io.restcache.internal.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every {@code restcache.*} setting, read once and validated. Immutable.
 *
 * <p>{@link #load(Function)} takes a lookup function rather than a MicroProfile {@code Config}, so
 * that the rules can be tested without a container; the runtime passes
 * {@code key -> config.getOptionalValue(key, String.class)}.
 */
public final class RestCacheSettings {

    public static final String ENABLED = "restcache.enabled";
    public static final String REDIS_ADDRESS = "restcache.redis.address";
    public static final String REDIS_CONFIG_FILE = "restcache.redis.config-file";
    public static final String REDIS_TIMEOUT = "restcache.redis.timeout";
    public static final String REDIS_BUDGET = "restcache.redis.budget";
    public static final String REDIS_RECONNECT_INTERVAL = "restcache.redis.reconnect-interval";
    public static final String REDIS_PURGE_REPLICAS = "restcache.redis.purge-replicas";
    public static final String REDIS_NETTY_THREADS = "restcache.redis.netty-threads";
    public static final String KEY_PREFIX = "restcache.key-prefix";
    public static final String KEY_SECRET = "restcache.key-secret";
    public static final String DEFAULT_TTL = "restcache.default-ttl";
    public static final String MAX_BODY_SIZE = "restcache.max-body-size";
    public static final String COMPRESSION_LEVEL = "restcache.compression.level";
    public static final String COMPRESSION_MIN_SIZE = "restcache.compression.min-size";
    public static final String REQUEST_CACHE_CONTROL = "restcache.request-cache-control";
    public static final String CDN_CACHE_CONTROL = "restcache.cdn-cache-control";
    public static final String FRESHNESS = "restcache.freshness";
    public static final String ORIGIN_MAX_TTL = "restcache.freshness.origin-max-ttl";
    public static final String REVALIDATION_KEEP = "restcache.revalidation.keep";
    public static final String INVALIDATION_TIMEOUT = "restcache.invalidation.timeout";
    public static final String NEAR_ENABLED = "restcache.near-cache.enabled";
    public static final String NEAR_MAX_BYTES = "restcache.near-cache.max-bytes";
    public static final String NEAR_MAX_AGE = "restcache.near-cache.max-age";
    public static final String NEAR_TRACKING = "restcache.near-cache.tracking";
    public static final String NODE_NAME = "restcache.node-name";
    public static final String FLIGHT_WAIT = "restcache.flight.wait";
    public static final String BREAKER_THRESHOLD = "restcache.breaker.failures";
    public static final String BREAKER_OPEN_FOR = "restcache.breaker.open-for";
    public static final String ADMIN_ENABLED = "restcache.admin.enabled";
    public static final String ADMIN_ROLE = "restcache.admin.role";
    public static final String HEALTH_READINESS_REQUIRES_REDIS = "restcache.health.readiness-requires-redis";
    public static final String FLIGHT_LEASE = "restcache.flight.lease";
    public static final String FLIGHT_MAX_WAITERS = "restcache.flight.max-waiters";
    public static final String INVALIDATE_UNSAFE = "restcache.invalidation.unsafe-requests";
    public static final String HIT_SAFE_INTERCEPTORS = "restcache.hit-safe-interceptors";
    public static final String KEY_AUTHORITY = "restcache.key.authority";
    public static final String KEY_MAX_VARIANTS = "restcache.key.max-variants";
    public static final String LAZY_PURGE_ABOVE = "restcache.invalidation.lazy-above";
    public static final String SUPPORTED_LANGUAGES = "restcache.vary.accept-language.supported";
    public static final String EDGE_SURROGATE_KEYS = "restcache.edge.surrogate-keys";
    public static final String EDGE_RAW_TAGS = "restcache.edge.raw-tags";
    public static final String EDGE_CACHE_GROUPS = "restcache.edge.cache-groups";
    public static final String EDGE_PURGER = "restcache.edge.purger";
    public static final String EDGE_VARNISH_HOSTS = "restcache.edge.varnish.hosts";
    public static final String EDGE_FASTLY_SERVICE_ID = "restcache.edge.fastly.service-id";
    public static final String EDGE_FASTLY_TOKEN = "restcache.edge.fastly.api-token";
    public static final String EDGE_FASTLY_ENDPOINT = "restcache.edge.fastly.endpoint";
    public static final String EDGE_CLOUDFLARE_ZONE_ID = "restcache.edge.cloudflare.zone-id";
    public static final String EDGE_CLOUDFLARE_TOKEN = "restcache.edge.cloudflare.api-token";
    public static final String EDGE_CLOUDFLARE_ENDPOINT = "restcache.edge.cloudflare.endpoint";
    public static final String EDGE_PURGE_TIMEOUT = "restcache.edge.purge-timeout";
    public static final String EDGE_PURGE_QUEUE = "restcache.edge.purge-queue";

    /** What to do with a client's {@code Cache-Control: no-cache} / {@code max-age=0} / {@code no-store}. */
    public enum RequestCacheControl {
        /** Serve from the cache anyway: protects the origin from clients that always send no-cache. */
        IGNORE,
        /** no-cache and max-age=0 skip the lookup and refresh the entry; no-store bypasses the cache. */
        HONOR
    }

    private static final int MIN_SECRET_LENGTH = 16;
    private static final Pattern CLASS_NAME =
            Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
    /** {@link #COMPRESSION_LEVEL} unset or {@code auto}: the level follows the body's size. */
    private static final int AUTO_COMPRESSION_LEVEL = -1;
    /**
     * With the automatic level, bodies from this size on are compressed at level 1, smaller ones at 6. On the
     * benchmark's JSON, at 2 KB every level costs the same (~30 µs: the call's fixed cost dominates) and 6
     * is 4% smaller than 1 (717 against 748 bytes); at 20 KB level 1 takes a quarter to a third of level 6's
     * CPU (130 against 512 µs) for 13.5% more bytes (5,161 against 4,547). Each fill pays it (BENCHMARKS.md).
     */
    static final int AUTO_FAST_FROM_BYTES = 8 * 1024;

    private final boolean enabled;
    private final String redisAddress;
    private final Optional<String> redisConfigFile;
    private final Duration redisTimeout;
    private final Integer purgeReplicas;
    private final Duration redisBudget;
    private final Duration reconnectInterval;
    private final int nettyThreads;
    private final String keyPrefix;
    private final Optional<String> keySecret;
    private final Duration defaultTtl;
    private final int maxBodySize;
    private final int compressionLevel;
    private final int compressionMinSize;
    private final RequestCacheControl requestCacheControl;
    private final boolean honourCdnCacheControl;
    private final boolean originDriven;
    private final Duration originMaxTtl;
    private final Duration revalidationKeep;
    private final Duration invalidationTimeout;
    private final boolean nearEnabled;
    private final int nearMaxBytes;
    private final Duration nearMaxAge;
    private final NearTracking nearTracking;
    private final String nodeName;
    private final Duration flightWait;
    private final Duration flightLease;
    private final int flightMaxWaiters;
    private final int breakerThreshold;
    private final Duration breakerOpenFor;
    private final boolean adminEnabled;
    private final String adminRole;
    private final boolean readinessRequiresRedis;
    private final boolean invalidateUnsafeRequests;
    private final Set<String> hitSafeInterceptors;
    private final boolean keyAuthority;
    private final int maxVariants;
    private final int lazyPurgeAbove;
    private final List<String> supportedLanguages;
    private final EdgeSettings edge;
    private final MemcachedSettings memcached;
    private final Function<String, Optional<String>> lookup;

    private RestCacheSettings(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
        this.enabled = bool(lookup, ENABLED, true);
        this.redisAddress = lookup.apply(REDIS_ADDRESS).map(String::trim).orElse("redis://127.0.0.1:6379");
        if (!redisAddress.startsWith("redis://") && !redisAddress.startsWith("rediss://")) {
            throw InvalidConfigurationException.of(REDIS_ADDRESS, "a redis:// or rediss:// address", redisAddress);
        }
        this.redisConfigFile = lookup.apply(REDIS_CONFIG_FILE).map(String::trim).filter(s -> !s.isEmpty());
        this.redisTimeout = Durations.parsePositive(REDIS_TIMEOUT, lookup.apply(REDIS_TIMEOUT).orElse("500ms"));
        this.purgeReplicas = autoOrCount(REDIS_PURGE_REPLICAS,
                lookup.apply(REDIS_PURGE_REPLICAS).map(String::trim).orElse("auto"), 0, 99, "replicas");
        this.redisBudget = Durations.parsePositive(REDIS_BUDGET, lookup.apply(REDIS_BUDGET).orElse("50ms"));
        this.reconnectInterval = Durations.parsePositive(REDIS_RECONNECT_INTERVAL,
                lookup.apply(REDIS_RECONNECT_INTERVAL).orElse("5s"));
        Integer threads = autoOrCount(REDIS_NETTY_THREADS,
                lookup.apply(REDIS_NETTY_THREADS).map(String::trim).orElse("auto"), 1, 256, "threads");
        this.nettyThreads = threads != null ? threads : autoNettyThreads(Runtime.getRuntime().availableProcessors());
        this.keyPrefix = lookup.apply(KEY_PREFIX).orElse("restcache:");
        if (keyPrefix.isEmpty() || keyPrefix.contains("{") || keyPrefix.contains("}") || keyPrefix.contains(" ")) {
            throw InvalidConfigurationException.of(KEY_PREFIX, "non-empty, without braces or spaces", keyPrefix);
        }
        this.keySecret = lookup.apply(KEY_SECRET).filter(s -> !s.isEmpty());
        keySecret.ifPresent(s -> {
            if (s.length() < MIN_SECRET_LENGTH) {
                throw InvalidConfigurationException.of(KEY_SECRET, "at least " + MIN_SECRET_LENGTH + " characters",
                        "<" + s.length() + " characters>");
            }
        });
        this.defaultTtl = Durations.parsePositive(DEFAULT_TTL, lookup.apply(DEFAULT_TTL).orElse("60s"));
        this.maxBodySize = positiveInt(lookup, MAX_BODY_SIZE, 1024 * 1024);
        this.compressionLevel = lookup.apply(COMPRESSION_LEVEL).map(String::trim).map(v -> {
            if (v.equals("auto")) {
                return AUTO_COMPRESSION_LEVEL;
            }
            try {
                int level = Integer.parseInt(v);
                if (level >= 0 && level <= 9) {
                    return level;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw InvalidConfigurationException.of(COMPRESSION_LEVEL, "auto, 0 (off) or a gzip level from 1 to 9", v);
        }).orElse(AUTO_COMPRESSION_LEVEL);
        this.compressionMinSize = positiveInt(lookup, COMPRESSION_MIN_SIZE, 1024);
        this.invalidationTimeout = Durations.parsePositive(INVALIDATION_TIMEOUT,
                lookup.apply(INVALIDATION_TIMEOUT).orElse("1s"));
        this.invalidateUnsafeRequests = bool(lookup, INVALIDATE_UNSAFE, true);
        this.nearEnabled = bool(lookup, NEAR_ENABLED, true);
        this.nearMaxBytes = positiveInt(lookup, NEAR_MAX_BYTES, 64 * 1024 * 1024);
        this.nearMaxAge = Durations.parsePositive(NEAR_MAX_AGE, lookup.apply(NEAR_MAX_AGE).orElse("3s"));
        this.memcached = MemcachedSettings.load(lookup, nearMaxAge);
        this.nearTracking = NearTracking.parse(lookup.apply(NEAR_TRACKING).orElse("off"));
        this.nodeName = lookup.apply(NODE_NAME).map(String::trim).filter(s -> !s.isEmpty())
                .orElse(java.util.UUID.randomUUID().toString().substring(0, 8));
        this.flightWait = Durations.parsePositive(FLIGHT_WAIT, lookup.apply(FLIGHT_WAIT).orElse("3s"));
        this.flightLease = Durations.parsePositive(FLIGHT_LEASE, lookup.apply(FLIGHT_LEASE).orElse("10s"));
        this.flightMaxWaiters = positiveInt(lookup, FLIGHT_MAX_WAITERS, 256);
        this.breakerThreshold = positiveInt(lookup, BREAKER_THRESHOLD, 5);
        this.breakerOpenFor = Durations.parsePositive(BREAKER_OPEN_FOR, lookup.apply(BREAKER_OPEN_FOR).orElse("2s"));
        this.adminEnabled = bool(lookup, ADMIN_ENABLED, false);
        this.adminRole = lookup.apply(ADMIN_ROLE).map(String::trim).orElse("restcache-admin");
        if (adminRole.isEmpty()) {
            throw InvalidConfigurationException.of(ADMIN_ROLE, "a role name", adminRole);
        }
        this.readinessRequiresRedis = bool(lookup, HEALTH_READINESS_REQUIRES_REDIS, false);
        if (!nodeName.matches("[A-Za-z0-9._-]{1,64}")) {
            throw InvalidConfigurationException.of(NODE_NAME, "1 to 64 letters, digits, '.', '_' or '-'", nodeName);
        }
        this.hitSafeInterceptors = classNames(lookup, HIT_SAFE_INTERCEPTORS);
        String authority = lookup.apply(KEY_AUTHORITY).map(String::trim).orElse("include");
        if (authority.equalsIgnoreCase("include")) {
            this.keyAuthority = true;
        } else if (authority.equalsIgnoreCase("ignore")) {
            this.keyAuthority = false;
        } else {
            throw InvalidConfigurationException.of(KEY_AUTHORITY, "include or ignore", authority);
        }
        this.maxVariants = positiveCount(lookup, KEY_MAX_VARIANTS, 64);
        this.lazyPurgeAbove = positiveCount(lookup, LAZY_PURGE_ABOVE, 10_000);
        this.supportedLanguages = LanguageTags.parseList(SUPPORTED_LANGUAGES,
                lookup.apply(SUPPORTED_LANGUAGES).orElse(""));
        String rcc = lookup.apply(REQUEST_CACHE_CONTROL).map(String::trim).orElse("ignore");
        if (rcc.equalsIgnoreCase("ignore")) {
            this.requestCacheControl = RequestCacheControl.IGNORE;
        } else if (rcc.equalsIgnoreCase("honor")) {
            this.requestCacheControl = RequestCacheControl.HONOR;
        } else {
            throw InvalidConfigurationException.of(REQUEST_CACHE_CONTROL, "ignore or honor", rcc);
        }
        String cdn = lookup.apply(CDN_CACHE_CONTROL).map(String::trim).orElse("ignore");
        if (!cdn.equalsIgnoreCase("ignore") && !cdn.equalsIgnoreCase("honor")) {
            throw InvalidConfigurationException.of(CDN_CACHE_CONTROL, "ignore or honor", cdn);
        }
        this.honourCdnCacheControl = cdn.equalsIgnoreCase("honor");
        String freshness = lookup.apply(FRESHNESS).map(String::trim).orElse("annotation");
        if (!freshness.equalsIgnoreCase("annotation") && !freshness.equalsIgnoreCase("origin")) {
            throw InvalidConfigurationException.of(FRESHNESS, "annotation or origin", freshness);
        }
        this.originDriven = freshness.equalsIgnoreCase("origin");
        this.originMaxTtl = Durations.parsePositive(ORIGIN_MAX_TTL, lookup.apply(ORIGIN_MAX_TTL).orElse("1d"));
        String keep = lookup.apply(REVALIDATION_KEEP).map(String::trim).orElse("1h");
        this.revalidationKeep = keep.equals("off") ? Duration.ZERO : Durations.parsePositive(REVALIDATION_KEEP, keep);
        this.edge = new EdgeSettings(lookup, keySecret);
    }

    /** Reads and validates every setting; throws {@link InvalidConfigurationException} on the first bad one. */
    public static RestCacheSettings load(Function<String, Optional<String>> lookup) {
        return new RestCacheSettings(lookup);
    }

    private static boolean bool(Function<String, Optional<String>> lookup, String key, boolean fallback) {
        Optional<String> v = lookup.apply(key).map(String::trim);
        if (v.isEmpty()) {
            return fallback;
        }
        if (v.get().equalsIgnoreCase("true")) {
            return true;
        }
        if (v.get().equalsIgnoreCase("false")) {
            return false;
        }
        throw InvalidConfigurationException.of(key, "true or false", v.get());
    }

    private static Set<String> classNames(Function<String, Optional<String>> lookup, String key) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : lookup.apply(key).orElse("").split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!CLASS_NAME.matcher(trimmed).matches()) {
                throw InvalidConfigurationException.of(key, "a comma-separated list of fully qualified class names",
                        trimmed);
            }
            names.add(trimmed);
        }
        return Set.copyOf(names);
    }

    /** Most event-loop threads {@code auto} gives: Redisson's own default, reached from 16 processors. */
    static final int MAX_AUTO_NETTY_THREADS = 32;

    /**
     * {@code auto} is Netty's own default, two event loops per processor, capped at Redisson's default of 32
     * (which Redisson uses on any machine): on 2 cores, 4 loops instead of 32 took 35-50% off the event
     * loops' CPU per Redis hit (BENCHMARKS.md, "Redisson's event loops").
     */
    static int autoNettyThreads(int processors) {
        return Math.min(MAX_AUTO_NETTY_THREADS, 2 * Math.max(1, processors));
    }

    /**
     * A key that takes {@code auto} or a count from {@code min} to {@code max}: null for {@code auto}, else the
     * count; anything else fails naming the key, the range and the value.
     */
    private static Integer autoOrCount(String key, String value, int min, int max, String what) {
        if (value.equals("auto")) {
            return null;
        }
        if (value.matches("\\d{1," + Integer.toString(max).length() + "}")) {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw InvalidConfigurationException.of(key, "'auto' or a number of " + what + " (" + min + "-" + max + ")", value);
    }

    private static int positiveInt(Function<String, Optional<String>> lookup, String key, int fallback) {
        return positive(lookup, key, fallback, "a positive integer (bytes)");
    }

    private static int positiveCount(Function<String, Optional<String>> lookup, String key, int fallback) {
        return positive(lookup, key, fallback, "a positive integer");
    }

    /** The key's value as a positive int, the fallback when unset; else fails naming key, expectation and value. */
    private static int positive(Function<String, Optional<String>> lookup, String key, int fallback, String expected) {
        Optional<String> v = lookup.apply(key).map(String::trim);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(v.get());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the key and the value
        }
        throw InvalidConfigurationException.of(key, expected, v.get());
    }

    /**
     * A per-method override of an annotation attribute:
     * {@code restcache.method."<fully.qualified.Class>.<method>".<attribute>}.
     */
    public Optional<String> methodOverride(String className, String methodName, String attribute) {
        return lookup.apply("restcache.method.\"" + className + "." + methodName + "\"." + attribute);
    }

    public boolean enabled() { return enabled; }

    public String redisAddress() { return redisAddress; }

    public Optional<String> redisConfigFile() { return redisConfigFile; }

    /** Redisson's command timeout: how long one Redis command may take before it fails. */
    public Duration redisTimeout() { return redisTimeout; }

    /**
     * Replicas that must confirm each purge before it counts as done ({@code WAIT}); empty for
     * {@code auto}: one where Redis has replicas, none where it has not.
     */
    public Optional<Integer> purgeReplicas() { return Optional.ofNullable(purgeReplicas); }

    /** How long a request waits for Redis on its path before it goes on uncached. */
    public Duration redisBudget() { return redisBudget; }

    /** How often to retry connecting when Redis was unreachable at start-up. */
    public Duration reconnectInterval() { return reconnectInterval; }

    /** Event-loop threads of restcache's own Redisson client ({@code auto} resolved for this machine). */
    public int redisNettyThreads() { return nettyThreads; }

    public String keyPrefix() { return keyPrefix; }

    /** The HMAC secret for user identities in keys; empty means a secret generated once and kept in Redis. */
    public Optional<String> keySecret() { return keySecret; }

    public Duration defaultTtl() { return defaultTtl; }

    public int maxBodySize() { return maxBodySize; }

    /** Whether stored bodies are compressed at all ({@code restcache.compression.level} is not 0). */
    public boolean compresses() { return compressionLevel != 0; }

    /**
     * The gzip level (1–9) for a body of this many bytes, or 0 when bodies are stored uncompressed: the
     * configured level, or with {@code auto} (the default) 6 below {@link #AUTO_FAST_FROM_BYTES} and 1 from there.
     */
    public int compressionLevelFor(int bodyLength) {
        if (compressionLevel != AUTO_COMPRESSION_LEVEL) {
            return compressionLevel;
        }
        return bodyLength < AUTO_FAST_FROM_BYTES ? 6 : 1;
    }

    /** Bodies smaller than this are stored uncompressed: gzip would not pay for itself. */
    public int compressionMinSize() { return compressionMinSize; }

    public RequestCacheControl requestCacheControl() { return requestCacheControl; }

    /**
     * Whether a response's {@code CDN-Cache-Control} (RFC 9213) steers restcache, as it steers the CDNs it
     * is addressed to; off by default (it is passed through untouched either way).
     */
    public boolean honourCdnCacheControl() { return honourCdnCacheControl; }

    /**
     * Whether {@code @Cached} methods that do not say otherwise are origin-driven: their responses'
     * own headers decide freshness, the annotation's values are defaults ({@code restcache.freshness=origin}).
     */
    public boolean originDriven() { return originDriven; }

    /** The longest freshness (and stale window) an origin-driven response may claim. */
    public Duration originMaxTtl() { return originMaxTtl; }

    /**
     * How long past its freshness a response with the method's own validators ({@code ETag},
     * {@code Last-Modified}) is kept in Redis so that the method can revalidate it; zero ({@code off}): never.
     */
    public Duration revalidationKeep() { return revalidationKeep; }

    /**
     * How long a request that invalidates ({@code @InvalidateTags}, the API) waits for Redis to confirm
     * the drop; past it the drop goes on in the background, retried until it succeeds.
     */
    public Duration invalidationTimeout() { return invalidationTimeout; }

    /** Whether each node keeps recent entries in memory in front of Redis. */
    public boolean nearEnabled() { return nearEnabled; }

    /** The near cache's memory bound in bytes. */
    public int nearMaxBytes() { return nearMaxBytes; }

    /** How long a near entry is used without Redis: the staleness bound if a fleet message is lost. */
    public Duration nearMaxAge() { return nearMaxAge; }

    /** Whether Redis also tells the near cache when a resource hash changes (CLIENT TRACKING), and how. */
    public NearTracking nearTracking() { return nearTracking; }

    /** How long a request waits for another request (on this node or another) computing the same variant. */
    public Duration flightWait() { return flightWait; }

    /** How long a fleet-wide computing lease lasts if its holder never releases it (a node that died). */
    public Duration flightLease() { return flightLease; }

    /** How many requests may wait on flights at once on this node; past it, requests run the method. */
    public int flightMaxWaiters() { return flightMaxWaiters; }

    /** Consecutive Redis failures that open the circuit breaker. */
    public int breakerThreshold() { return breakerThreshold; }

    /** How long an open breaker skips Redis before it probes again. */
    public Duration breakerOpenFor() { return breakerOpenFor; }

    /** Whether the admin REST resource answers (it is off unless enabled). */
    public boolean adminEnabled() { return adminEnabled; }

    /** The role a caller needs for the admin REST resource. */
    public String adminRole() { return adminRole; }

    /** Whether readiness reports DOWN while Redis is unreachable (by default a degraded cache is still ready). */
    public boolean readinessRequiresRedis() { return readinessRequiresRedis; }

    /** This node's name in the fleet (Redis client names, logs); random when not configured. */
    public String nodeName() { return nodeName; }

    /**
     * Whether keys include the request's effective scheme and authority ({@code include}, the default):
     * each host name a server answers to gets its own entries. {@code ignore} suits a server that answers
     * for one host only.
     */
    public boolean keyAuthority() { return keyAuthority; }

    /**
     * How many variants one resource (one Redis hash) may hold; a store that would add one more is
     * refused ({@code not-stored.variant-limit}).
     */
    public int maxVariants() { return maxVariants; }

    /**
     * The index size past which a purge is lazy: an index (a tag, a path, a user) naming more variants than
     * this gets an epoch that supersedes them all in O(1), instead of having each one deleted; smaller
     * ones keep the exact, eager purge. See the README ("Huge tags").
     */
    public int lazyPurgeAbove() { return lazyPurgeAbove; }

    /**
     * The language tags the application serves, for methods that vary by {@code Accept-Language}
     * without naming their own ({@code @VaryBy(languages)}); empty when not configured.
     */
    public List<String> supportedLanguages() { return supportedLanguages; }

    /** Whether a successful unsafe request drops the cached responses of its own target (RFC 9111 §4.4). */
    public boolean invalidateUnsafeRequests() { return invalidateUnsafeRequests; }

    /**
     * Interceptor bindings (or {@code @Interceptors} classes) the application declares harmless to skip on
     * a cache hit, for every cached method: fully qualified names.
     */
    public Set<String> hitSafeInterceptors() { return hitSafeInterceptors; }

    /** What restcache tells the edge (CDN, Varnish) in front of it and where it sends purges. */
    public EdgeSettings edge() { return edge; }

    /** The store selection ({@code restcache.store}) and the {@code restcache.memcached.*} settings. */
    public MemcachedSettings memcached() { return memcached; }
}
