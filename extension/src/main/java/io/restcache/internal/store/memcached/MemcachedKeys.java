package io.restcache.internal.store.memcached;

import io.restcache.internal.key.CacheKey;
import io.restcache.internal.store.TagRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/*
 * Key grammar (Memcached keys: at most 250 bytes, no spaces or control characters, so every variable
 * part is hashed):
 *   entry:   <prefix> "m1:e:" <namespace version> ":" b64url(sha256(<resource key> 0x1F <variant field>))
 *   counter: <prefix> "m1:v:" b64url(sha256(<counter id>))
 * with counter ids
 *   "n"                      the namespace version (invalidate everything)
 *   "i" 0x1F <TagRef.id()>   a tag ("t:..."), a path ("p:...") or a user ("u:...")
 *   "r" 0x1F <resource id>   one resource, every variant
 * The namespace version is part of the entry key, so bumping it orphans every entry at once. The other
 * counters an entry depends on are stamped into the entry with the values they had when it was stored
 * (StampedEntry): a bump makes the stamp disagree, and the entry reads as a miss. "m1" is the layout's
 * revision: a new layout changes it, and entries of the old one are never read.
 */
/** The Memcached key grammar of entries and version counters. */
final class MemcachedKeys {

    private static final char SEP = '\u001f';

    private final String prefix;

    MemcachedKeys(String prefix) {
        this.prefix = prefix;
    }

    /** Where one variant lives under a namespace version. */
    String entry(long namespaceVersion, CacheKey key) {
        return prefix + "m1:e:" + namespaceVersion + ":" + hash(key.resourceKey() + SEP + key.variantField());
    }

    /** The namespace counter: bumping it invalidates everything. */
    String namespace() {
        return counter("n");
    }

    /** The counter of a tag, a path or a user. */
    String counter(TagRef ref) {
        return counter("i" + SEP + ref.id());
    }

    /** The counter of one resource (all its variants). */
    String resource(String resourceId) {
        return counter("r" + SEP + resourceId);
    }

    private String counter(String id) {
        return prefix + "m1:v:" + hash(id);
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
