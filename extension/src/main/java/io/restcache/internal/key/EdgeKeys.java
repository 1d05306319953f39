package io.restcache.internal.key;

import io.restcache.internal.store.TagRef;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The names an edge (CDN, Varnish) knows restcache's entries by: the same string goes out in a stored
 * response's surrogate-key header and in the purge that drops it, on every node.
 *
 * <p>Grammar of a hashed key: the first 12 bytes, lower-case hex, of
 * {@code HMAC-SHA256(secret, <key prefix> 0x1f <kind> 0x1f <value>)}, kinds {@code t} (tag), {@code p}
 * (path), {@code r} (resource id), {@code v} (path 0x1f variant field) and {@code a} (every entry, empty
 * value). Lower-case hex because Cloudflare compares tags case-insensitively and every edge accepts it;
 * keyed because a plain hash of {@code user:42} is undone by hashing every small number; 96 bits because
 * a collision only costs an extra purge. Raw keys (an explicit choice) are the tag or path as written,
 * with every byte outside {@code !..~} and {@code , " \ %} percent-encoded so that no separator of any
 * edge format, and no structured-field quote, appears inside one.
 */
public final class EdgeKeys {

    private static final int HASH_BYTES = 12;
    private static final char SEP = '\u001f';

    private final String prefix;
    private final byte[] secret;
    private final boolean raw;

    /**
     * @param prefix restcache's key prefix (applications sharing an edge keep apart by it)
     * @param secret the HMAC secret; required unless {@code raw}
     * @param raw whether tags and paths go out as written
     */
    public EdgeKeys(String prefix, Optional<byte[]> secret, boolean raw) {
        if (!raw && secret.isEmpty()) {
            throw new IllegalArgumentException("hashed edge keys need a secret");
        }
        this.prefix = prefix;
        this.secret = secret.map(byte[]::clone).orElse(new byte[0]);
        this.raw = raw;
    }

    /** The key of a tag or a path; empty for a user (per-user entries never reach an edge). */
    public Optional<String> of(TagRef ref) {
        return switch (ref.kind()) {
            case TAG -> Optional.of(raw ? escape(ref.value()) : hash('t', ref.value()));
            case PATH -> Optional.of(raw ? escape(ref.value()) : hash('p', ref.value()));
            case USER -> Optional.empty();
        };
    }

    /** The key of one resource (one origin, path and the query that counts). */
    public String resource(String resourceId) {
        return raw ? prefix + "r:" + resourceId : hash('r', resourceId);
    }

    /** The key of one variant of the resources under a path. */
    public String variant(String path, String variantField) {
        return raw ? prefix + "v:" + variantField + ":" + escape(path) : hash('v', path + SEP + variantField);
    }

    /** The key every entry carries, so that "invalidate everything" is one key purge at the edge. */
    public String all() {
        return raw ? prefix + "all" : hash('a', "");
    }

    /**
     * Every key one stored entry carries: "all", its tags and path (sorted), its resource and its variant.
     */
    public List<String> forEntry(Set<TagRef> refs, String path, String resourceId, String variantField) {
        List<String> keys = new ArrayList<>();
        keys.add(all());
        keys.addAll(groups(refs));
        keys.add(resource(resourceId));
        keys.add(variant(path, variantField));
        return keys;
    }

    /** The keys of tags and paths among {@code refs}, sorted, each once: the entry's RFC 9875 groups. */
    public List<String> groups(Set<TagRef> refs) {
        TreeSet<String> keys = new TreeSet<>();
        for (TagRef ref : refs) {
            of(ref).ifPresent(keys::add);
        }
        return List.copyOf(keys);
    }

    private String hash(char kind, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((prefix + SEP + kind + SEP + value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** Percent-encodes every byte that is not visible ASCII or is one of {@code , " \ %}. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != ',' && c != '"' && c != '\\' && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
