package io.restcache.internal.store.redis;

import io.restcache.internal.key.CacheKey;
import io.restcache.internal.store.Leases;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** {@link Leases} on Redis: a compare-and-delete script (taken by {@link RedisResponseStore#startFill}). */
public final class RedisLeases implements Leases {

    /** KEYS[1] = lease; ARGV[1] = token. Deletes only the owner's lease. */
    private static final String RELEASE_SCRIPT =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    private final RedisConnector connector;
    private final Namespace namespace;

    public RedisLeases(RedisConnector connector, Namespace namespace) {
        this.connector = connector;
        this.namespace = namespace;
    }

    @Override
    public CompletionStage<Boolean> release(CacheKey key, String token) {
        Optional<RedissonClient> client = connector.client();
        if (client.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
        }
        String lease = leaseKey(key);
        return client.get().getScript(StringCodec.INSTANCE).<Long>evalAsync(lease, RScript.Mode.READ_WRITE,
                RELEASE_SCRIPT, RScript.ReturnType.LONG, List.of(lease), token).thenApply(deleted -> deleted == 1L);
    }

    String leaseKey(CacheKey key) {
        return namespace.leaseKey(key);
    }
}
