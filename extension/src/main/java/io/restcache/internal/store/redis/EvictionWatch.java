package io.restcache.internal.store.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.redisson.api.RPatternTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/*
 * Design note. Under an evicting maxmemory-policy (allkeys-* or volatile-*) Redis may evict restcache's
 * own bookkeeping: an index (its entries can no longer be purged by tag), a fence (a fill that began
 * before its purge could be stored), the epochs registry (the entries lazy purges superseded would be
 * served again) or the control state. Looking at the data cannot tell that an
 * index vanished, so restcache listens to Redis's keyspace "evicted" events: when one names an index,
 * a fence or the control state of the current generation, the node invalidates everything (a
 * generation bump). Eviction of resource hashes, expiry sets and leases is harmless and ignored. Where
 * the events are off restcache turns them on (CONFIG SET notify-keyspace-events, adding "Ee"); where
 * CONFIG is refused (managed Redis) it says, once, what the operator must configure.
 */
/** Notices evictions of restcache's bookkeeping keys. */
public final class EvictionWatch {

    private static final Logger LOG = Logger.getLogger(EvictionWatch.class.getName());
    private static final String EVICTED = "__keyevent@*__:evicted";

    private final Namespace namespace;
    private final Consumer<String> onBookkeepingEvicted;
    private volatile boolean warned;

    /** @param onBookkeepingEvicted called with the name of an evicted index, fence or control key */
    public EvictionWatch(Namespace namespace, Consumer<String> onBookkeepingEvicted) {
        this.namespace = namespace;
        this.onBookkeepingEvicted = onBookkeepingEvicted;
    }

    /** Subscribes to eviction events, then checks the masters (see {@link #check}). */
    public void start(RedissonClient client) {
        // subscribed whatever the policy is now: an operator may switch to an evicting one later
        RPatternTopic topic = client.getPatternTopic(EVICTED, StringCodec.INSTANCE);
        topic.addListener(String.class, (pattern, channel, key) -> onEvicted(key));
        check(client);
    }

    /**
     * Checks each master's eviction policy (called once a second): where it evicts and its eviction events
     * are off, turns them on — and, since evictions before that went unheard, reports it as an eviction
     * of restcache's bookkeeping (everything is invalidated once).
     */
    public void check(RedissonClient client) {
        for (RedisNode master : masters(client)) {
            try {
                String policy = value(master.getConfig("maxmemory-policy"));
                if (policy.isEmpty() || policy.equals("noeviction")) {
                    continue;
                }
                String events = value(master.getConfig("notify-keyspace-events"));
                if (!(events.contains("E") && (events.contains("e") || events.contains("A")))) {
                    master.setConfig("notify-keyspace-events", events + "Ee");
                    LOG.warning(() -> "restcache: Redis " + master.getAddr() + " evicts keys (maxmemory-policy="
                            + policy + ") and its eviction events were off; turned them on (notify-keyspace-events "
                            + events + "Ee). What it evicted before is unknown: everything is invalidated once");
                    onBookkeepingEvicted.accept("(evictions before notify-keyspace-events was set)");
                }
            } catch (RuntimeException refused) {
                if (!warned) {
                    warned = true;
                    LOG.warning(() -> "restcache: could not check or set notify-keyspace-events on Redis "
                            + master.getAddr() + " (" + refused.getMessage() + "). If its maxmemory-policy evicts "
                            + "keys, set notify-keyspace-events to include 'Ee' (e.g. in redis.conf or your provider's "
                            + "console): without it an evicted tag index or fence goes unnoticed");
                }
            }
        }
    }

    /** An evicted key's name: acts only on the current generation's indexes and fences, and the control state. */
    void onEvicted(String key) {
        if (isBookkeeping(key)) {
            onBookkeepingEvicted.accept(key);
        }
    }

    boolean isBookkeeping(String key) {
        if (key.equals(namespace.controlKey())) {
            return true;
        }
        long generation = namespace.generation();
        if (generation < 0) {
            return false;
        }
        String current = namespace.keys().namespace(generation);
        return key.startsWith(current + "i:{") || key.startsWith(current + "f:{") || key.startsWith(current + "x:{")
                || namespace.epochsKeys(generation).contains(key);     // the lazy purges' epochs: their entries would return
    }

    private static List<RedisNode> masters(RedissonClient client) {
        Config config = client.getConfig();
        List<RedisNode> masters = new ArrayList<>();
        if (config.isClusterConfig()) {
            masters.addAll(client.getRedisNodes(RedisNodes.CLUSTER).getMasters());
        } else if (config.isSentinelConfig()) {
            masters.add(client.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster());
        } else if (config.isSingleConfig()) {
            masters.add(client.getRedisNodes(RedisNodes.SINGLE).getInstance());
        } else {
            masters.add(client.getRedisNodes(RedisNodes.MASTER_SLAVE).getMaster());
        }
        return masters;
    }

    private static String value(Map<String, String> config) {
        return config.values().stream().findFirst().orElse("");
    }
}
