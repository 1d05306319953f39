package io.restcache.internal.store.redis;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/*
 * Design note. Redis is a cache: it loses data (FLUSHALL, a restart without persistence, a failover to
 * an empty replica, eviction). restcache's control state — the generation that names every key, and
 * the generated user-hash secret — lives in one hash with a random incarnation id. Every node reads it
 * once a second (control.lua, which recreates it when missing). A new id means the state was lost: the
 * node adopts the new generation (never one used before: generations come from the server clock) and
 * the new secret, clears its near cache, and refuses the stores of fills that began before (their keys
 * carry the old generation). The whole fleet converges within one read interval, on one generation and
 * one secret, because the first node to recreate the state wins and the others read what it wrote.
 */
/** Reads (and recreates when lost) restcache's control state in Redis. */
public final class ControlState {

    /**
     * One read of the control state.
     *
     * @param incarnation the state's id and generation
     * @param secret the generated user-hash secret, when the fleet uses one
     * @param serverMicros the server's clock when it answered
     */
    public record Snapshot(Namespace.Incarnation incarnation, Optional<byte[]> secret, long serverMicros) {
    }

    private final Namespace namespace;
    private final boolean generatesSecret;

    /** @param generatesSecret whether the fleet keeps a generated secret in Redis (none is configured) */
    public ControlState(Namespace namespace, boolean generatesSecret) {
        this.namespace = namespace;
        this.generatesSecret = generatesSecret;
    }

    /**
     * Reads the state, creating it if it is missing.
     *
     * @return empty when Redis refused to create it (maxmemory with noeviction)
     */
    public Optional<Snapshot> read(RedissonClient client) {
        return readAsync(client).toCompletableFuture().join();
    }

    /** {@link #read}, without blocking. */
    public CompletionStage<Optional<Snapshot>> readAsync(RedissonClient client) {
        String key = namespace.controlKey();
        String secret = "";
        if (generatesSecret) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            secret = Base64.getEncoder().encodeToString(fresh);
        }
        return client.getScript(StringCodec.INSTANCE).<List<Object>>evalAsync(key, RScript.Mode.READ_WRITE,
                RedisScripts.CONTROL, RScript.ReturnType.LIST, List.of(key), UUID.randomUUID().toString(), secret)
                .thenApply(this::snapshot);
    }

    private Optional<Snapshot> snapshot(List<Object> reply) {
        String id = String.valueOf(reply.get(0));
        String gen = String.valueOf(reply.get(1));
        String storedSecret = String.valueOf(reply.get(2));
        long serverMicros = Long.parseLong(String.valueOf(reply.get(3)));
        if (id.isEmpty() || gen.isEmpty() || (generatesSecret && storedSecret.isEmpty())) {
            return Optional.empty();
        }
        Optional<byte[]> decoded = generatesSecret ? Optional.of(Base64.getDecoder().decode(storedSecret))
                : Optional.empty();
        return Optional.of(new Snapshot(new Namespace.Incarnation(id, Long.parseLong(gen)), decoded, serverMicros));
    }
}
