package io.restcache.store.redis;

import io.restcache.key.CacheKey;
import io.restcache.store.Leases;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** {@link Leases} on Redis: {@code SET NX PX} to take, a compare-and-delete script to release. */
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
    public CompletionStage<Boolean> acquire(CacheKey key, String token, long millis) {
        Optional<RedissonClient> client = connector.client();
        if (client.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
        }
        return client.get().<String>getBucket(leaseKey(key), StringCodec.INSTANCE)
                .setIfAbsentAsync(token, Duration.ofMillis(millis));
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

    /** Same hash tag as the resource: the lease lives in its resource's slot. */
    String leaseKey(CacheKey key) {
        return namespace.keys().namespace(key.generation()) + "l:{" + key.resourceId() + "}:" + key.variantField();
    }
}
