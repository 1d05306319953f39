package io.restcache.internal.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UserHasherTest {

    private final UserHasher hasher = new UserHasher("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));

    @Test
    void hash_isStableOpaqueAndSecretDependent() {
        assertEquals(hasher.hash("alice"), hasher.hash("alice"));
        assertNotEquals(hasher.hash("alice"), hasher.hash("bob"));
        assertFalse(hasher.hash("alice").contains("alice"));
        UserHasher other = new UserHasher("another-secret-of-16+".getBytes(StandardCharsets.UTF_8));
        assertNotEquals(hasher.hash("alice"), other.hash("alice"));
    }

    @Test
    void anonymous_isDistinctFromEveryName() {
        assertEquals(UserHasher.ANONYMOUS, hasher.hash(null));
        assertNotEquals(UserHasher.ANONYMOUS, hasher.hash(UserHasher.ANONYMOUS));
        assertNotEquals(hasher.hash(""), hasher.hash(null));
    }

    @Test
    void hash_isTheHmacSha256OfTheName_truncatedTo128Bits_base64url_alsoFromManyThreadsAtOnce() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(java.util.Arrays.copyOf(mac.doFinal("alice".getBytes(StandardCharsets.UTF_8)), 16));
        assertEquals(22, expected.length());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> hasher.hash("alice")));
            }
            for (java.util.concurrent.Future<String> r : results) {
                assertEquals(expected, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
