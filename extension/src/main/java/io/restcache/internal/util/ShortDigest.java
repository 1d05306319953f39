package io.restcache.internal.util;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The first bytes of a SHA-256 digest in unpadded base64url: the form of every id restcache derives
 * from content (key ids, index ids, entity tags). One place, so that they all truncate the same way.
 */
public final class ShortDigest {

    /** Never used itself: each digest is computed by a clone, which skips the provider lookup. */
    private static final MessageDigest SHA_256 = sha256();

    private ShortDigest() {
    }

    /**
     * @param input the bytes to digest
     * @param keptBytes how many leading bytes of the 32-byte digest to keep (16: 128 bits, 22 characters)
     */
    public static String of(byte[] input, int keptBytes) {
        if (keptBytes <= 0 || keptBytes > 32) {
            throw new IllegalArgumentException("keptBytes must be 1..32, was " + keptBytes);
        }
        byte[] full;
        try {
            full = ((MessageDigest) SHA_256.clone()).digest(input);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the runtime's SHA-256 cannot be cloned", e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, keptBytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
