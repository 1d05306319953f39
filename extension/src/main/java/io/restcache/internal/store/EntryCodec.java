package io.restcache.internal.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * The stored format of a {@link CacheEntry}: explicit, versioned, and never Java serialization.
 *
 * <pre>
 * entry   = revision:u8 (=1) status:u16 flags:u8 storedAt:i64 freshUntil:i64 staleUntil:i64
 *           etag:str headerCount:u16 (name:str value:str)* refCount:u16 (kind:u8 value:str)*
 *           bodyLength:i32 body:bytes
 * flags   = bit 0: body is gzip-coded; bit 1: the entity tag is the method's own; other bits must be 0
 * str     = length:u16 utf8-bytes           (DataOutput#writeUTF)
 * </pre>
 * Decoding anything else — an unknown revision, a truncated or over-long entry, trailing bytes — yields
 * empty, which callers treat as a miss, and the next store overwrites it.
 */
public final class EntryCodec {

    /** The revision byte every entry starts with (public for the store's fill-start script). */
    public static final int REVISION = 1;
    /**
     * Where {@code freshUntil} (big-endian epoch milliseconds) starts: the store's fill-start script reads
     * it in Redis to tell a fresh entry from a stale one without shipping the entry back.
     */
    public static final int FRESH_UNTIL_OFFSET = 1 + 2 + 1 + 8;
    private static final int MAX_HEADERS = 512;
    private static final int MAX_REFS = 4096;
    private static final int FLAG_GZIP = 1;
    private static final int FLAG_ORIGIN_TAG = 2;

    private EntryCodec() {
    }

    public static byte[] encode(CacheEntry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(e.body().length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(REVISION);
            out.writeShort(e.status());
            out.writeByte((e.gzipped() ? FLAG_GZIP : 0) | (e.originTag() ? FLAG_ORIGIN_TAG : 0));
            out.writeLong(e.storedAtMillis());
            out.writeLong(e.freshUntilMillis());
            out.writeLong(e.staleUntilMillis());
            out.writeUTF(e.etag());
            out.writeShort(e.headers().size());
            for (CacheEntry.Header h : e.headers()) {
                out.writeUTF(h.name());
                out.writeUTF(h.value());
            }
            out.writeShort(e.refs().size());
            for (TagRef ref : e.refs()) {
                out.writeByte(ref.kind().code());
                out.writeUTF(ref.value());
            }
            out.writeInt(e.body().length);
            out.write(e.body());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /** @return the entry, or empty when the bytes are not a well-formed entry of a known revision */
    public static Optional<CacheEntry> decode(byte[] stored) {
        if (stored == null || stored.length == 0 || stored[0] != REVISION) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            in.readUnsignedByte();
            int status = in.readUnsignedShort();
            int flags = in.readUnsignedByte();
            if ((flags & ~(FLAG_GZIP | FLAG_ORIGIN_TAG)) != 0) {
                return Optional.empty();
            }
            long storedAt = in.readLong();
            long freshUntil = in.readLong();
            long staleUntil = in.readLong();
            String etag = in.readUTF();
            int headerCount = in.readUnsignedShort();
            if (headerCount > MAX_HEADERS) {
                return Optional.empty();
            }
            List<CacheEntry.Header> headers = new ArrayList<>(headerCount);
            for (int i = 0; i < headerCount; i++) {
                headers.add(new CacheEntry.Header(in.readUTF(), in.readUTF()));
            }
            int refCount = in.readUnsignedShort();
            if (refCount > MAX_REFS) {
                return Optional.empty();
            }
            Set<TagRef> refs = new HashSet<>();
            for (int i = 0; i < refCount; i++) {
                Optional<TagRef.Kind> kind = TagRef.Kind.of((char) in.readUnsignedByte());
                String value = in.readUTF();
                if (kind.isEmpty() || value.isEmpty()) {
                    return Optional.empty();
                }
                refs.add(new TagRef(kind.get(), value));
            }
            int bodyLength = in.readInt();
            if (bodyLength < 0 || bodyLength != in.available()) {
                return Optional.empty();
            }
            byte[] body = in.readNBytes(bodyLength);
            if (status < 100 || status > 599 || staleUntil < freshUntil) {
                return Optional.empty();
            }
            return Optional.of(new CacheEntry(status, (flags & FLAG_GZIP) != 0, headers, etag, storedAt, freshUntil,
                    staleUntil, body, refs, (flags & FLAG_ORIGIN_TAG) != 0));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
