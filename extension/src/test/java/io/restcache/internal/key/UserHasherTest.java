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
}
