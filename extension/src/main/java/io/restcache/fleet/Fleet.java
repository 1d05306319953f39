package io.restcache.fleet;

import io.restcache.key.KeyBuilder;
import io.restcache.key.UserHasher;
import io.restcache.runtime.Invalidation;
import io.restcache.runtime.InvalidationListener;
import io.restcache.runtime.InvalidationPublisher;
import io.restcache.store.TagRef;
import io.restcache.store.redis.Namespace;
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
 * node uses its near cache only while subscribed (it clears it on every (re)subscription).
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

    /** Subscribes to the fleet topic; the near cache is used from the first (re)subscription on. */
    public void subscribe(RedissonClient client) {
        RTopic t = client.getTopic(topicName(), StringCodec.INSTANCE);
        t.addListener(new StatusListener() {
            @Override
            public void onSubscribe(String channel) {
                near.usable(nearEnabled);
                LOG.info(() -> "restcache node " + node + " subscribed to fleet invalidations; near cache "
                        + (nearEnabled ? "cleared and in use" : "disabled"));
            }

            @Override
            public void onUnsubscribe(String channel) {
                near.usable(false);
                LOG.warning(() -> "restcache node " + node + " lost its fleet subscription; near cache cleared "
                        + "and unused until it is back");
            }
        });
        t.addListener(String.class, (channel, message) -> onMessage(message));
        topic.set(t);
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
        return t.publishAsync(InvalidationMessages.encode(node, generation, resolved)).thenApply(receivers -> null);
    }

    void onMessage(String text) {
        if (UNSAFE_IGNORE_FLEET_MESSAGES) {
            return;
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
        if (invalidation instanceof Invalidation.Everything) {
            namespace.observe(message.get().generation());
        }
        drop(invalidation, message.get().generation());
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

    public NearCache near() {
        return near;
    }
}
