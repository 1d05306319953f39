package io.restcache.itests.support;

import io.restcache.internal.key.KeyBuilder;
import io.restcache.internal.store.TagRef;
import io.restcache.internal.store.redis.Namespace;

/** The Redis key names of a deployment (by its key prefix), for tests that look inside Redis. */
public final class RedisNames {

    private final Namespace names;
    private final RedisCommands redis;

    public RedisNames(RedisCommands redis, String prefix) {
        this.redis = redis;
        this.names = new Namespace(new KeyBuilder(prefix));
    }

    /** The generation the deployment's keys live in now (read from the control state; -1 before any). */
    public long generation() {
        String gen = redis.command("HGET", names.controlKey(), "gen");
        return gen == null || gen.isEmpty() ? -1 : Long.parseLong(gen);
    }

    public String indexKey(TagRef ref) {
        return names.indexKey(generation(), ref);
    }

    public String fenceKey(TagRef ref) {
        return names.fenceKey(generation(), ref);
    }

    public String controlKey() {
        return names.controlKey();
    }

    public String sequenceKey() {
        return names.sequenceKey();
    }

    /** The pattern of every resource hash of this deployment, any generation (for KEYS in tests). */
    public String resourcePattern() {
        return names.keys().globalPrefix() + "g*:r:*";
    }

    public KeyBuilder keys() {
        return names.keys();
    }
}
