package io.restcache.store.redis;

import io.restcache.key.CacheKey;
import io.restcache.store.CacheEntry;
import io.restcache.store.EntryCodec;
import io.restcache.store.ResponseStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;

/*
 * Design note. One Redis hash per resource, one field per variant: a read is one HGET, a store is one
 * single-key script (HSET, then PEXPIRE only when it lengthens the key's life: Redis 6.2 has no
 * "PEXPIRE ... GT" and 7.0 no per-field TTL, so each variant's own expiry lives in its entry). Both
 * touch one key, so both are safe on Redis Cluster. Values are raw bytes (ByteArrayCodec) decoded by
 * EntryCodec: never Redisson's default Kryo codec on bytes read from Redis.
 */
/** The Redisson implementation of {@link ResponseStore}. */
public final class RedisResponseStore implements ResponseStore {

    private static final CompositeCodec FIELD_BYTES = new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE);

    /** KEYS[1] = resource hash; ARGV = field, entry bytes, key lifetime in ms. */
    private static final String STORE_SCRIPT =
            "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) "
            + "local life = tonumber(ARGV[3]) "
            + "if redis.call('PTTL', KEYS[1]) < life then redis.call('PEXPIRE', KEYS[1], life) end "
            + "return 1";

    private final RedisConnector connector;

    public RedisResponseStore(RedisConnector connector) {
        this.connector = connector;
    }

    @Override
    public boolean available() {
        return connector.client().isPresent();
    }

    @Override
    public CompletionStage<Optional<CacheEntry>> read(CacheKey key) {
        Optional<RedissonClient> client = connector.client();
        if (client.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
        }
        return client.get().<String, byte[]>getMap(key.resourceKey(), FIELD_BYTES)
                .getAsync(key.variantField())
                .thenApply(bytes -> bytes == null ? Optional.<CacheEntry>empty() : EntryCodec.decode(bytes));
    }

    @Override
    public CompletionStage<Void> write(CacheKey key, CacheEntry entry, long keyLifetimeMillis) {
        Optional<RedissonClient> client = connector.client();
        if (client.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
        }
        return client.get().getScript(ByteArrayCodec.INSTANCE)
                .<Long>evalAsync(key.resourceKey(), RScript.Mode.READ_WRITE, STORE_SCRIPT, RScript.ReturnType.LONG,
                        List.of(key.resourceKey()),
                        utf8(key.variantField()), EntryCodec.encode(entry), utf8(Long.toString(keyLifetimeMillis)))
                .thenApply(ignored -> null);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
