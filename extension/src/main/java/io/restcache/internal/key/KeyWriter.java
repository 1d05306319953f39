package io.restcache.internal.key;

import io.restcache.internal.util.ShortDigest;
import java.nio.charset.StandardCharsets;

/**
 * Writes a key as a sequence of length-prefixed atoms and hashes it.
 *
 * <p>Every atom is written as {@code <decimal byte length> ':' <UTF-8 bytes>}. A sequence of such atoms
 * decodes in exactly one way, whatever bytes the atoms contain, so no two different inputs can produce
 * the same sequence: {@code ?a=1|b=2} vs {@code ?a=1&b=2}, user {@code a:b} vs user {@code a} plus
 * something else, header lists {@code ab,c} vs {@code a,bc} all differ in their atoms. Counts are atoms
 * too, so a list can never run into the next field. The sequence is then hashed (SHA-256, 128 bits kept,
 * base64url), which bounds the key's length and keeps raw request values out of Redis key names.
 */
final class KeyWriter {

    /**
     * Bytes of SHA-256 kept for every id (resource, variant, index): 128 bits, 22 base64url characters.
     * Two requests share a key only by a collision, and 128 bits put an accidental one at about 2^-64 for
     * 2^32 resources, and a chosen one (an attacker making some victim's resource id from a request of
     * their own) at a second preimage, 2^128 work. Shorter ids are memory: each id is in its key's name
     * and in every index member ({@code resourceId:variantField}, 45 bytes), and a per-user 2 KB entry
     * writes one hash and three index members: with 192-bit resource and index ids (layout v2, and a
     * 256-bit user hash) it took 1,666 bytes of Redis memory, 103% of its payload; with 128-bit ones
     * 1,596 bytes, 98% (the benchmark's memory section).
     */
    private static final int DIGEST_BYTES = 16;

    private final StringBuilder text = new StringBuilder(256);

    KeyWriter atom(String value) {
        text.append(utf8Length(value)).append(':').append(value);
        return this;
    }

    /**
     * The length of {@code value.getBytes(UTF_8)} without encoding it (this runs for every atom of
     * every lookup). A lone surrogate counts 1, as the encoder replaces it with {@code '?'}.
     */
    static int utf8Length(String value) {
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    KeyWriter count(int n) {
        return atom(Integer.toString(n));
    }

    /** The canonical form before hashing; for tests and debugging only. */
    String canonical() {
        return text.toString();
    }

    String digest() {
        return ShortDigest.of(text.toString().getBytes(StandardCharsets.UTF_8), DIGEST_BYTES);
    }
}
