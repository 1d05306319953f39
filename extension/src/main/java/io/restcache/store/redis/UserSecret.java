package io.restcache.store.redis;

import java.security.SecureRandom;
import java.util.Base64;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The secret that user identities are hashed with, when none is configured: generated once, kept in
 * Redis ({@code SET NX}) so that every node of a fleet hashes a user the same way and per-user entries
 * are shared across nodes.
 */
public final class UserSecret {

    private UserSecret() {
    }

    /** Reads the fleet's secret, creating it if this is the first node to ask. */
    public static byte[] fetchOrCreate(RedissonClient client, String secretKey) {
        RBucket<String> bucket = client.getBucket(secretKey, StringCodec.INSTANCE);
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        bucket.setIfAbsent(Base64.getEncoder().encodeToString(fresh));
        return Base64.getDecoder().decode(bucket.get());
    }
}
