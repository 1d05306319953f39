package io.restcache.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Writes a key as a sequence of length-prefixed atoms and hashes it.
 *
 * <p>Every atom is written as {@code <decimal byte length> ':' <UTF-8 bytes>}. A sequence of such atoms
 * decodes in exactly one way, whatever bytes the atoms contain, so no two different inputs can produce
 * the same sequence: {@code ?a=1|b=2} vs {@code ?a=1&b=2}, user {@code a:b} vs user {@code a} plus
 * something else, header lists {@code ab,c} vs {@code a,bc} all differ in their atoms. Counts are atoms
 * too, so a list can never run into the next field. The sequence is then hashed (SHA-256, 192 bits kept,
 * base64url), which bounds the key's length and keeps raw request values out of Redis key names.
 */
final class KeyWriter {

    /** Bytes of SHA-256 kept: 192 bits, far beyond accidental collisions, 32 base64url characters. */
    private static final int DIGEST_BYTES = 24;

    private final StringBuilder text = new StringBuilder(256);

    KeyWriter atom(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        text.append(bytes.length).append(':').append(value);
        return this;
    }

    KeyWriter count(int n) {
        return atom(Integer.toString(n));
    }

    /** The canonical form before hashing; for tests and debugging only. */
    String canonical() {
        return text.toString();
    }

    String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] full = sha.digest(text.toString().getBytes(StandardCharsets.UTF_8));
            byte[] kept = new byte[DIGEST_BYTES];
            System.arraycopy(full, 0, kept, 0, DIGEST_BYTES);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(kept);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
