package io.restcache.internal.fleet;

import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.key.UserHasher;
import io.restcache.internal.runtime.Invalidation;
import io.restcache.internal.runtime.InvalidationListener;
import io.restcache.internal.runtime.InvalidationPublisher;
import io.restcache.internal.store.TagRef;
import io.restcache.internal.store.redis.Namespace;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;

/*
 * Design note. Every invalidation this node executes is dropped from its own near cache twice: before
 * Redis is purged (so this node stops serving it at once) and after (so a fill that read Redis in
 * between cannot survive). Only after Redis has been purged is the invalidation published on the
 * fleet topic: a node that drops on the message and then reads Redis must find the purge done.
 * Messages are at-most-once; the near cache's maximum age bounds what a lost message can cost, and a
 * node uses its near cache only while it hears the fleet: it publishes a heartbeat on the topic every
 * HEARTBEAT_MILLIS and stops using (and clears) its near cache when none of its own came back for
 * DEAF_AFTER_MILLIS — a subscription that died without an unsubscribe event (Redis killed, a half-open
 * socket, a CLIENT KILL) is noticed that way within a second. It resumes, cleared, on the next one heard.
 *
 * A write's response should not go out while another node can still serve what it dropped: after
 * publishing an invalidation, the node waits (at most ACK_WAIT_MILLIS) until every peer it heard a
 * heartbeat from in the last second has acknowledged dropping it. A peer that is slow or gone costs the
 * writer that wait, never an error; the near cache's maximum age still bounds what a lost message costs.
 *
 * The node's copy of the lazy purges' epochs (TagEpochs) follows the same signs: whatever makes the near
 * cache cleared because a message may have been missed makes the copy unknown (entries are then checked in
 * Redis) until it is reloaded while the fleet is heard.
 */
/** Fans invalidations out to every node's near cache over a Redisson RTopic. */
public final class Fleet implements InvalidationListener, InvalidationPublisher {

    private static final Logger LOG = Logger.getLogger(Fleet.class.getName());

    /**
     * TEST ONLY, never in production: {@code -Drestcache.test.unsafe-ignore-fleet-messages=true} makes the
     * node ignore other nodes' fleet messages, so its near cache keeps invalidated entries up to their
     * maximum age. It exists so that the consistency checker can prove it detects stale reads.
     */
    private static final boolean UNSAFE_IGNORE_FLEET_MESSAGES = Boolean.getBoolean("restcache.test.unsafe-ignore-fleet-messages");

    private final String node;
    private final NearCache near;
    private final boolean nearEnabled;
    private final Namespace namespace;
    private final Supplier<Optional<UserHasher>> userHasher;
    private final AtomicReference<RTopic> topic = new AtomicReference<>();

    /** How often this node publishes a heartbeat on the fleet topic. */
    public static final long HEARTBEAT_MILLIS = 200;
    /** How long without hearing its own heartbeat before the node stops using its near cache. */
    static final long DEAF_AFTER_MILLIS = 700;
    private static final String HEARTBEAT = "hb:";
    private static final String ACK = "ack:";
    /** Longest a write waits for its peers' acknowledgements. */
    static final long ACK_WAIT_MILLIS = 100;
    private final java.util.concurrent.ConcurrentMap<String, Long> peersSeenNanos = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<String, PendingAck> pendingAcks = new java.util.concurrent.ConcurrentHashMap<>();

    /** A published invalidation waiting for its peers' acknowledgements. */
    private record PendingAck(Set<String> waitingFor, CompletableFuture<Void> done) {
    }

    /** Told of every invalidation another node announced (the Memcached store's copies of its counters). */
    private final java.util.List<java.util.function.Consumer<Invalidation>> peerListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile boolean subscribed;
    private volatile long lastHeardNanos = System.nanoTime() - 10 * DEAF_AFTER_MILLIS * 1_000_000;
    private volatile boolean hearing;
    private final java.util.concurrent.atomic.AtomicLong heartbeatsSent = new java.util.concurrent.atomic.AtomicLong();
    private long lastHeartbeatHeard = -1;     // guarded by this

    public Fleet(String node, NearCache near, boolean nearEnabled, Namespace namespace,
            Supplier<Optional<UserHasher>> userHasher) {
        this.node = node;
        this.near = near;
        this.nearEnabled = nearEnabled;
        this.namespace = namespace;
        this.userHasher = userHasher;
        near.usable(false);                         // until subscribed
        namespace.onGenerationChange(generation -> near.clear());
        if (UNSAFE_IGNORE_FLEET_MESSAGES) {
            LOG.severe("restcache.test.unsafe-ignore-fleet-messages is set: this node ignores fleet invalidations (test only)");
        }
    }

    /**
     * Registers {@code listener} for every invalidation another node announces, after this node's near cache
     * has dropped what it covers: state a node keeps beside the near cache (the Memcached store's copy of its
     * version counters) goes with the same message.
     */
    public void onPeerInvalidation(java.util.function.Consumer<Invalidation> listener) {
        peerListeners.add(listener);
    }

    /** Subscribes to the fleet topic; the near cache is used from the first (re)subscription on. */
    public void subscribe(RedissonClient client) {
        RTopic t = client.getTopic(topicName(), StringCodec.INSTANCE);
        t.addListener(new StatusListener() {
            @Override
            public void onSubscribe(String channel) {
                subscribed = true;
                near.clear();       // a re-subscription: messages published meanwhile were lost
                namespace.epochs().unknown();
                LOG.info(() -> "restcache node " + node + " subscribed to fleet invalidations; near cache "
                        + (nearEnabled ? "in use from its first heartbeat heard" : "disabled"));
                heartbeat();
            }

            @Override
            public void onUnsubscribe(String channel) {
                subscribed = false;
                hearing = false;
                near.usable(false);
                namespace.epochs().unknown();
                LOG.warning(() -> "restcache node " + node + " lost its fleet subscription; near cache cleared "
                        + "and unused until it is back");
            }
        });
        t.addListener(String.class, (channel, message) -> onMessage(message));
        topic.set(t);
    }

    /**
     * Publishes this node's heartbeat and decides whether the near cache may be used: only while
     * subscribed and while this node's own heartbeats come back. Called every {@link #HEARTBEAT_MILLIS}.
     */
    public void heartbeat() {
        RTopic t = topic.get();
        if (t != null && subscribed) {
            try {
                t.publishAsync(HEARTBEAT + node + ":" + heartbeatsSent.incrementAndGet());
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.FINE, "restcache: heartbeat not published", e);
            }
        }
        checkHearing();
    }

    /**
     * One of this node's own heartbeats came back. A gap in their numbers means the subscription lost
     * messages (a connection dropped and came back between two checks): the near cache is cleared.
     */
    private synchronized void heard(long number) {
        if (lastHeartbeatHeard >= 0 && number > lastHeartbeatHeard + 1) {
            near.clear();
            namespace.epochs().unknown();
            LOG.info(() -> "restcache node " + node + " missed fleet messages (heartbeats " + (lastHeartbeatHeard + 1)
                    + " to " + (number - 1) + "); near cache cleared");
        }
        lastHeartbeatHeard = Math.max(lastHeartbeatHeard, number);
        lastHeardNanos = System.nanoTime();
        if (!hearing) {
            checkHearing();
        }
    }

    private synchronized void checkHearing() {
        boolean now = subscribed && System.nanoTime() - lastHeardNanos <= DEAF_AFTER_MILLIS * 1_000_000;
        if (now != hearing) {
            hearing = now;
            near.usable(now && nearEnabled);        // either way it is cleared: messages may have been missed
            if (!now) {
                namespace.epochs().unknown();
                LOG.warning(() -> "restcache node " + node + " no longer hears the fleet topic; near cache cleared "
                        + "and unused until it does");
            }
        }
    }

    /** The RTopic's name: one per key prefix, across generations. */
    String topicName() {
        return namespace.keys().globalPrefix() + "events";
    }

    /** Local, before Redis: this node stops serving what is being dropped. */
    @Override
    public void invalidating(Invalidation invalidation) {
        drop(resolveUsers(invalidation), namespace.generation());
    }

    /** Redis failed the purge: until a retry succeeds, this node's memory may hold what others dropped. */
    @Override
    public void failed(Invalidation invalidation) {
        near.clear();
    }

    /** After Redis confirmed the purge: drop again locally, then tell the fleet. */
    @Override
    public CompletionStage<Void> published(Invalidation invalidation) {
        Invalidation resolved = resolveUsers(invalidation);
        long generation = namespace.generation();
        drop(resolved, generation);
        RTopic t = topic.get();
        if (t == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not subscribed to the fleet topic"));
        }
        if (resolved instanceof Invalidation.Users) {
            return CompletableFuture.failedFuture(new IllegalStateException("user hashes are not known yet"));
        }
        String text = InvalidationMessages.encode(node, generation, resolved);
        Set<String> peers = livePeers();
        if (peers.isEmpty()) {
            return t.publishAsync(text).thenApply(receivers -> null);
        }
        String id = Integer.toHexString(text.hashCode()) + "-" + System.nanoTime();
        PendingAck pending = new PendingAck(java.util.concurrent.ConcurrentHashMap.newKeySet(), new CompletableFuture<>());
        pending.waitingFor().addAll(peers);
        pendingAcks.put(id, pending);
        pending.done().whenComplete((v, e) -> pendingAcks.remove(id));
        return t.publishAsync(id + "|" + text).thenCompose(receivers -> pending.done()
                .completeOnTimeout(null, ACK_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    void onMessage(String raw) {
        if (raw.startsWith(HEARTBEAT)) {
            String own = HEARTBEAT + node + ":";
            if (raw.startsWith(own)) {
                heard(Long.parseLong(raw.substring(own.length())));
            } else {
                int colon = raw.indexOf(':', HEARTBEAT.length());
                if (colon > 0) {
                    peersSeenNanos.put(raw.substring(HEARTBEAT.length(), colon), System.nanoTime());
                }
            }
            return;
        }
        if (raw.startsWith(ACK)) {
            onAck(raw);
            return;
        }
        String ackId = null;
        String text = raw;
        int bar = raw.indexOf('|');
        if (bar > 0 && bar < 40) {
            ackId = raw.substring(0, bar);
            text = raw.substring(bar + 1);
        }
        try {
            drop(text);
        } finally {
            Optional<InvalidationMessages.Message> from = ackId == null ? Optional.empty() : InvalidationMessages.decode(text);
            RTopic t = topic.get();
            if (from.isPresent() && !from.get().node().equals(node) && t != null && !UNSAFE_IGNORE_FLEET_MESSAGES) {
                t.publishAsync(ACK + from.get().node() + ":" + ackId + ":" + node);
            }
        }
    }

    /** "ack:" origin ":" id ":" peer — a peer dropped what this node published. */
    private void onAck(String raw) {
        String[] parts = raw.substring(ACK.length()).split(":", 3);
        if (parts.length == 3 && parts[0].equals(node)) {
            PendingAck pending = pendingAcks.get(parts[1]);
            if (pending != null) {
                pending.waitingFor().remove(parts[2]);
                if (pending.waitingFor().isEmpty()) {
                    pending.done().complete(null);
                }
            }
        }
    }

    /** The other nodes whose heartbeats this node heard in the last second. */
    private Set<String> livePeers() {
        long now = System.nanoTime();
        Set<String> live = new java.util.HashSet<>();
        peersSeenNanos.forEach((peer, seen) -> {
            if (now - seen <= 1_000_000_000L) {
                live.add(peer);
            }
        });
        peersSeenNanos.entrySet().removeIf(e -> now - e.getValue() > 60_000_000_000L);
        return live;
    }

    private void drop(String text) {
        if (UNSAFE_IGNORE_FLEET_MESSAGES) {
            return;     // test-only: heartbeats are still heard, other nodes' invalidations are not
        }
        Optional<InvalidationMessages.Message> message = InvalidationMessages.decode(text);
        if (message.isEmpty()) {
            LOG.warning("restcache: an unreadable fleet message; clearing the near cache to stay safe");
            near.clear();
            return;
        }
        if (message.get().node().equals(node)) {
            return;     // this node dropped its own entries already
        }
        Invalidation invalidation = message.get().invalidation();
        if (invalidation instanceof Invalidation.Everything && namespace.incarnation() != null) {
            namespace.observe(namespace.incarnation().id(), message.get().generation());
        }
        drop(invalidation, message.get().generation());
        for (java.util.function.Consumer<Invalidation> listener : peerListeners) {
            try {
                listener.accept(invalidation);
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, "restcache: a fleet message's listener failed", e);
            }
        }
    }

    private void drop(Invalidation invalidation, long generation) {
        if (invalidation instanceof Invalidation.Indexed indexed) {
            near.drop(indexed.refs());
        } else if (invalidation instanceof Invalidation.Variants variants) {
            near.dropVariants(variants.scope(), variants.variantFields());
        } else if (invalidation instanceof Invalidation.Resources resources) {
            KeyBuilder keys = namespace.keys();
            near.dropResources(resources.resourceIds().stream().map(id -> keys.resourceKey(generation, id)).toList());
        } else {
            near.clear();   // everything, or users whose hashes are not known yet
        }
    }

    /** Users travel hashed: the message must not carry principal names. */
    private Invalidation resolveUsers(Invalidation invalidation) {
        if (invalidation instanceof Invalidation.Users users) {
            Optional<UserHasher> hasher = userHasher.get();
            if (hasher.isPresent()) {
                Set<TagRef> refs = users.principalNames().stream().map(n -> TagRef.user(hasher.get().hash(n)))
                        .collect(Collectors.toSet());
                return new Invalidation.Indexed(refs);
            }
        }
        return invalidation;
    }

    public String node() {
        return node;
    }

    /**
     * Whether this node hears the fleet now (subscribed, and its own heartbeats come back): only then can a
     * copy of what the fleet announces (the epochs of lazy purges) be kept current by its messages.
     */
    public boolean hearing() {
        return hearing;
    }

    public NearCache near() {
        return near;
    }
}
