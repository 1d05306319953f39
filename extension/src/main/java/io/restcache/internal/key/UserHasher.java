package io.restcache.internal.key;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a principal's name into the opaque value that goes into keys: HMAC-SHA256 under a secret, so
 * that a key never reveals whose it is and nobody without the secret can compute a user's key.
 * Anonymous callers get a fixed marker that no HMAC output can equal (it is not base64url of 32 bytes).
 */
public final class UserHasher {

    /** The user part of the key for a caller without a principal. */
    public static final String ANONYMOUS = "-anonymous-";

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
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
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
