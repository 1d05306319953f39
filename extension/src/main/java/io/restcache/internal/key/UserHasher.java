package io.restcache.internal.key;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a principal's name into the opaque value that goes into keys: HMAC-SHA256 under a secret, so
 * that a key never reveals whose it is and nobody without the secret can compute a user's key.
 * Anonymous callers get a fixed marker that no HMAC output can equal (it is not base64url of 16 bytes).
 *
 * <p>The HMAC is truncated to 128 bits, half its output, as RFC 2104 §5 allows: without the secret nobody
 * can compute or aim at a user's hash, so only an accidental collision could merge two users (about 2^-69
 * for a billion users), and the hash is in every per-user entry's index references (22 characters
 * instead of 43).
 */
public final class UserHasher {

    /** The user part of the key for a caller without a principal. */
    public static final String ANONYMOUS = "-anonymous-";

    /** Bytes of the HMAC kept. */
    private static final int HASH_BYTES = 16;

    private final SecretKeySpec key;
    /** Initialised once; each hash works on a clone (a provider lookup and key set-up per request cost more). */
    private final Mac prototype;

    public UserHasher(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the user-hash secret needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.prototype = newMac();
    }

    /** @param principalName the caller's name, or {@code null} for an anonymous caller */
    public String hash(String principalName) {
        if (principalName == null) {
            return ANONYMOUS;
        }
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac();       // a provider whose Mac cannot be cloned
        }
        byte[] out = mac.doFinal(principalName.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(out, HASH_BYTES));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
        }
    }
}
