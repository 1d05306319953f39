package io.restcache.internal.store.memcached;

import io.restcache.internal.store.CacheEntry;
import io.restcache.internal.store.EntryCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/*
 * Stored format, revision 1:
 *   0x4D ('M') 0x01 | u16 count | count × (u16 length, UTF-8 counter key, i64 version) | EntryCodec bytes
 * An unknown magic or revision, or bytes that do not parse, read as a miss (never an error).
 */
/**
 * One entry as Memcached holds it: the {@link EntryCodec} bytes behind the values its version counters had
 * when it was stored.
 *
 * @param versions counter key → the value it had (0: the counter did not exist)
 * @param entry the entry
 */
record StampedEntry(Map<String, Long> versions, CacheEntry entry) {

    private static final int MAGIC = 'M';
    static final int REVISION = 1;

    StampedEntry {
        versions = Map.copyOf(versions);
    }

    /** The stored bytes: the stamp, then the entry's own encoding ({@link EntryCodec#encode}). */
    static byte[] encode(Map<String, Long> versions, byte[] entryBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entryBytes.length + 4 + 64 * versions.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MAGIC);
            out.writeByte(REVISION);
            out.writeShort(versions.size());
            for (Map.Entry<String, Long> v : versions.entrySet()) {
                byte[] key = v.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeShort(key.length);
                out.write(key);
                out.writeLong(v.getValue());
            }
            out.write(entryBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** How many bytes the stamp of this many counters takes at most (counter keys are under 100 bytes). */
    static int stampBound(int counters) {
        return 4 + counters * (2 + 100 + 8);
    }

    /** The stamped entry, or empty when the bytes are of another format or damaged. */
    static Optional<StampedEntry> decode(byte[] stored) {
        if (stored == null || stored.length < 4 || stored[0] != MAGIC || stored[1] != REVISION) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(stored))) {
            in.skipBytes(2);
            int count = in.readUnsignedShort();
            Map<String, Long> versions = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                byte[] key = new byte[in.readUnsignedShort()];
                in.readFully(key);
                versions.put(new String(key, StandardCharsets.UTF_8), in.readLong());
            }
            return EntryCodec.decode(in.readAllBytes()).map(e -> new StampedEntry(versions, e));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
