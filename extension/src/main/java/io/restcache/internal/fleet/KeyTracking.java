package io.restcache.internal.fleet;

import io.restcache.internal.config.NearTracking;
import io.restcache.internal.store.redis.Namespace;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.ChannelName;
import org.redisson.client.RedisClient;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisPubSubConnection;
import org.redisson.client.RedisPubSubListener;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.config.Config;

/*
 * Design note. The second invalidation channel of the near cache: Redis's server-assisted client-side
 * caching (CLIENT TRACKING) in broadcast mode. One connection per node, of restcache's own, asks Redis
 * to announce every change of a key under the current generation's resource-key prefix, redirected to
 * itself, and subscribes to __redis__:invalidate; each announced key is a resource hash whose near
 * entries (every variant: tracking is per key) this node drops. So a DEL or HDEL by a script or an
 * operator, or a write by a node that could not publish, reaches every node's near cache.
 *
 * Why a connection of its own: Redisson's TrackingListener tracks one object's key in default mode on a
 * pooled connection; it has no broadcast mode and no prefix, and restcache's reads go through the pool.
 * The connection is opened with the RedisClient Redisson built for the master (its address, credentials,
 * TLS and protocol), outside Redisson's pool, so that restcache alone decides when it is gone.
 *
 * Loss. Announcements sent while the connection is down are lost, but the loss is visible: the
 * connection's disconnect, a changed master (Sentinel failover), a new generation, or the canary. Every
 * tick the node writes its canary key, under a second tracked prefix; Redis announces that write on the
 * tracking connection, so hearing it proves, end to end, that the server still tracks for this node. A
 * session whose canary was not heard for DEAF_AFTER_MILLIS (a half-open socket, a CLIENT KILL that
 * Redisson reconnected silently without the tracking state, a restarted Redis) is closed. While there
 * is no confirmed session the near cache is unused; when the next one hears its first canary the near
 * cache is cleared and used again: whatever changed in between is forgotten, never served.
 *
 * On a cluster tracking is per master connection and each master announces only its own slots; this
 * class does not track there (the near cache keeps the fleet topic and its maximum age) and says so once.
 */
/** Drops near entries of resource hashes that change in Redis, announced by CLIENT TRACKING (BCAST). */
public final class KeyTracking {

    private static final Logger LOG = Logger.getLogger(KeyTracking.class.getName());

    /** How often {@link #tick} runs: it writes the canary and checks the session. */
    public static final long TICK_MILLIS = 200;
    /** How long without hearing its own canary before the session is considered lost. */
    static final long DEAF_AFTER_MILLIS = 700;
    /** The canary's time to live: it needs no cleanup when the node goes away. */
    private static final long CANARY_TTL_MILLIS = 10_000;

    /**
     * TEST ONLY, never in production: {@code -Drestcache.test.unsafe-tracking-clears-all=true} makes every
     * announcement clear the whole near cache instead of the announced resource, so that a test can show it
     * tells the two apart (near hits on untouched resources must go on).
     */
    private static final boolean UNSAFE_CLEAR_ALL = Boolean.getBoolean("restcache.test.unsafe-tracking-clears-all");

    private final NearTracking mode;
    private final String node;
    private final NearCache near;
    private final Namespace namespace;
    private final Supplier<Optional<RedissonClient>> client;
    private final AtomicReference<Session> session = new AtomicReference<>();
    private final AtomicBoolean opening = new AtomicBoolean();
    private final AtomicLong canaries = new AtomicLong();
    private volatile boolean unsupported;
    private volatile boolean lossLogged;

    /** One tracking connection, for one master and one generation. */
    private static final class Session {
        final RedisPubSubConnection connection;
        final InetSocketAddress master;
        final long generation;
        final long openedNanos = System.nanoTime();
        volatile long heardNanos;
        volatile boolean confirmed;
        volatile boolean lost;

        Session(RedisPubSubConnection connection, InetSocketAddress master, long generation) {
            this.connection = connection;
            this.master = master;
            this.generation = generation;
        }

        boolean deaf(long now) {
            long since = confirmed ? heardNanos : openedNanos;
            return now - since > TimeUnit.MILLISECONDS.toNanos(DEAF_AFTER_MILLIS);
        }
    }

    /**
     * @param client the Redisson client while connected (empty while not)
     */
    public KeyTracking(NearTracking mode, String node, NearCache near, Namespace namespace,
            Supplier<Optional<RedissonClient>> client) {
        this.mode = mode;
        this.node = node;
        this.near = near;
        this.namespace = namespace;
        this.client = client;
        if (mode != NearTracking.OFF) {
            near.tracked(false);        // until the first session is confirmed
        }
        if (UNSAFE_CLEAR_ALL) {
            LOG.severe("restcache.test.unsafe-tracking-clears-all is set: every tracking announcement clears the "
                    + "whole near cache (test only)");
        }
    }

    /** Checks the session, replaces it when it is lost or outdated, and writes the canary. Never blocks. */
    public void tick() {
        if (mode == NearTracking.OFF || unsupported) {
            return;
        }
        Optional<RedissonClient> c = client.get();
        long generation = namespace.generation();
        Session s = session.get();
        if (c.isEmpty() || generation < 0) {
            if (s != null) {
                lose(s, "Redis is not connected");
            }
            return;
        }
        Optional<RedisClient> master = master(c.get());
        if (master.isEmpty()) {
            return;
        }
        if (s != null) {
            String reason = s.lost ? "its connection closed"
                    : !s.master.equals(master.get().getAddr()) ? "the master changed to " + master.get().getAddr()
                    : s.generation != generation ? "the generation changed"
                    : s.deaf(System.nanoTime()) ? "its canary was not heard for " + DEAF_AFTER_MILLIS + " ms"
                    : null;
            if (reason == null) {
                writeCanary(c.get());
                return;
            }
            lose(s, reason);
        }
        if (opening.compareAndSet(false, true)) {
            open(master.get(), generation).whenComplete((opened, failed) -> {
                opening.set(false);
                if (failed == null) {
                    writeCanary(c.get());
                }
            });
        }
    }

    /** Keys one session's connection announced (null: Redis flushed everything). */
    private void announced(Collection<String> keys, Session from) {
        if (from != session.get()) {
            return;         // a closed session's late messages
        }
        if (keys == null) {
            near.clear();   // FLUSHALL/FLUSHDB
            return;
        }
        String canary = canaryKey();
        String resources = resourcePrefix(from.generation);
        for (String key : keys) {
            if (key.equals(canary)) {
                from.heardNanos = System.nanoTime();
                if (!from.confirmed) {
                    from.confirmed = true;
                    near.tracked(true);     // clears: what changed while tracking was down is forgotten
                    LOG.info(() -> "restcache node " + node + " tracks resource changes on Redis " + from.master
                            + " (CLIENT TRACKING BCAST, prefix " + resources + ")");
                    lossLogged = false;
                }
            } else if (key.startsWith(resources)) {
                if (UNSAFE_CLEAR_ALL) {
                    near.clear();
                } else {
                    near.dropResources(List.of(key));
                }
            }
        }
    }

    private CompletableFuture<Session> open(RedisClient master, long generation) {
        CompletableFuture<Session> opened = new CompletableFuture<>();
        master.connectPubSubAsync().whenComplete((connection, failed) -> {
            if (failed != null) {
                opened.completeExceptionally(failed);
                return;
            }
            Session s = new Session(connection, master.getAddr(), generation);
            connection.<Long, Long>async(StringCodec.INSTANCE, RedisCommands.CLIENT_ID)
                    .thenCompose(id -> connection.<Void, Void>async(StringCodec.INSTANCE, RedisCommands.CLIENT_TRACKING,
                            "ON", "REDIRECT", id, "BCAST", "PREFIX", resourcePrefix(generation), "PREFIX", canaryPrefix()))
                    .thenCompose(ok -> {
                        connection.addListener(ChannelName.TRACKING, new RedisPubSubListener<Object>() {
                            @Override
                            public void onMessage(CharSequence channel, Object message) {
                                announced(keys(message), s);
                            }
                        });
                        connection.setDisconnectedListener(() -> s.lost = true);
                        session.set(s);
                        // not awaited: the session counts only once its canary is heard, which needs the subscription
                        connection.subscribe(StringCodec.INSTANCE, ChannelName.TRACKING);
                        return CompletableFuture.<Void>completedFuture(null);
                    })
                    .whenComplete((ok, error) -> {
                        if (error == null) {
                            opened.complete(s);
                            return;
                        }
                        session.compareAndSet(s, null);
                        connection.closeAsync();
                        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        if (cause instanceof RedisException && !(cause instanceof RedisConnectionException)
                                && !(cause instanceof RedisTimeoutException)) {
                            refuse("Redis refused CLIENT TRACKING (" + cause.getMessage() + ")");
                        }
                        opened.completeExceptionally(cause);
                    });
        });
        return opened.orTimeout(5, TimeUnit.SECONDS);
    }

    private void lose(Session s, String reason) {
        if (!session.compareAndSet(s, null)) {
            return;
        }
        near.tracked(false);
        s.connection.closeAsync();
        if (s.confirmed && !lossLogged) {
            lossLogged = true;
            LOG.warning(() -> "restcache node " + node + " lost its key tracking on Redis " + s.master + " (" + reason
                    + "); near cache cleared and unused until tracking is back");
        }
    }

    /** Where tracking cannot work, the near cache goes on with the fleet topic and its maximum age. */
    private void refuse(String why) {
        unsupported = true;
        near.tracked(true);
        LOG.warning(() -> "restcache: " + why + "; restcache.near-cache.tracking=" + mode.name().toLowerCase()
                + " is not in effect: the near cache relies on the fleet topic and its maximum age only");
    }

    private void writeCanary(RedissonClient c) {
        try {
            c.getBucket(canaryKey(), StringCodec.INSTANCE)
                    .setAsync(Long.toString(canaries.incrementAndGet()), CANARY_TTL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "restcache: tracking canary not written", e);
        }
    }

    /** The client Redisson built for the master; empty (and tracking given up, said once) on a cluster. */
    private Optional<RedisClient> master(RedissonClient c) {
        Config config = c.getConfig();
        if (config.isClusterConfig()) {
            refuse("on a Redis Cluster each master announces only its own slots and CLIENT TRACKING is per connection");
            return Optional.empty();
        }
        try {
            RedisNode node;
            if (config.isSentinelConfig()) {
                node = c.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster();
            } else if (config.isSingleConfig()) {
                node = c.getRedisNodes(RedisNodes.SINGLE).getInstance();
            } else {
                node = c.getRedisNodes(RedisNodes.MASTER_SLAVE).getMaster();
            }
            return node instanceof org.redisson.redisnode.RedisNode impl ? Optional.of(impl.getClient()) : Optional.empty();
        } catch (RuntimeException noMasterYet) {
            return Optional.empty();
        }
    }

    /** Redisson hands a tracking message over as one key, a list of keys, or null (a flush). */
    private static Collection<String> keys(Object message) {
        if (message == null) {
            return null;
        }
        if (message instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        return List.of(message.toString());
    }

    String resourcePrefix(long generation) {
        return namespace.keys().namespace(generation) + "r:";
    }

    String canaryPrefix() {
        return namespace.keys().globalPrefix() + "{c}:trk:";
    }

    String canaryKey() {
        return canaryPrefix() + node;
    }

    /** Closes the tracking connection (application shutdown). */
    public void close() {
        Session s = session.getAndSet(null);
        if (s != null) {
            s.connection.closeAsync();
        }
    }
}
