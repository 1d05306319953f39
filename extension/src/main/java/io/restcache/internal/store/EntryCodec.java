package io.restcache.internal.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * The stored format of a {@link CacheEntry}: explicit, versioned, and never Java serialization.
 *
 * <pre>
 * entry   = revision:u8 (=3) status:u16 flags:u8 storedAt:i64 freshUntil:i64 staleUntil:i64
 *           fillSequence:i64 etag:str headerCount:u16 header* refCount:u16 (kind:u8 value:str)*
 *           bodyLength:i32 body:bytes
 * header  = name:str value:str              ; a name of one character below U+0020 (never a field
 *                                           ; name: those are tokens) is a code of the static table:
 *                                           ; U+0001..U+000F a whole header (value: ""), U+0010..U+001F a
 *                                           ; name (value follows)
 * flags   = bit 0: body is gzip-coded; bit 1: the entity tag is the method's own; other bits must be 0
 * str     = length:u16 utf8-bytes           (DataOutput#writeUTF)
 * </pre>
 * {@code fillSequence} is the invalidation sequence the fill read before its method ran (its fence): a tag
 * purged lazily, by an epoch (see {@code TagEpochs}), supersedes every entry whose fill began before the
 * purge. Revision 2 is the same without it (read as 0: older than every purge); revision 1 is revision 2
 * without the codes. Both are still read. The static table (like HPACK's, RFC 7541
 * appendix A) holds the headers nearly every JSON API response replays: a 2 KB per-user entry is ~64 bytes
 * smaller, enough to fit jemalloc's 896-byte class instead of 1,024. Codes are only ever appended.
 * Decoding anything else — an unknown revision or code, a truncated or over-long entry, trailing bytes —
 * yields empty, which callers treat as a miss, and the next store overwrites it.
 */
public final class EntryCodec {

    /** The revision byte every entry is written with (public for the store's scripts). */
    public static final int REVISION = 3;
    /** The oldest revision still read; revisions share everything up to the headers (the scripts' part). */
    public static final int MIN_REVISION = 1;
    /** Whole headers by code 1, 2, …: append only. */
    private static final List<CacheEntry.Header> STATIC_HEADERS = List.of(
            new CacheEntry.Header("Content-Type", "application/json"),
            new CacheEntry.Header("Vary", "Accept-Encoding"),
            new CacheEntry.Header("Cache-Control", "private"),
            new CacheEntry.Header("Content-Type", "application/json;charset=UTF-8"),
            new CacheEntry.Header("Content-Type", "text/plain"),
            new CacheEntry.Header("Content-Type", "application/octet-stream"),
            new CacheEntry.Header("Vary", "Accept, Accept-Encoding"),
            new CacheEntry.Header("Vary", "Accept-Language, Accept-Encoding"));
    /** Names by code 0x10, 0x11, …: append only. */
    private static final List<String> STATIC_NAMES = List.of("Content-Type", "Vary", "Cache-Control",
            "Content-Language", "Last-Modified", "Expires", "Content-Location", "Link", "Content-Disposition", "Date");
    private static final int FIRST_NAME_CODE = 0x10;
    /**
     * Where {@code freshUntil} (big-endian epoch milliseconds) starts: the store's fill-start script reads
     * it in Redis to tell a fresh entry from a stale one without shipping the entry back.
     */
    public static final int FRESH_UNTIL_OFFSET = 1 + 2 + 1 + 8;
    /** Where {@code fillSequence} starts (revision 3 on). */
    private static final int FILL_SEQUENCE_OFFSET = FRESH_UNTIL_OFFSET + 16;
    private static final int MAX_HEADERS = 512;
    private static final int MAX_REFS = 4096;
    private static final int FLAG_GZIP = 1;
    private static final int FLAG_ORIGIN_TAG = 2;

    private EntryCodec() {
    }

    /** The entry of a store that knows no fill sequence (one older than every lazy purge). */
    public static byte[] encode(CacheEntry e) {
        return encode(e, 0L);
    }

    /** @param fillSequence the fence the fill read before its method ran */
    public static byte[] encode(CacheEntry e, long fillSequence) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(e.body().length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(REVISION);
            out.writeShort(e.status());
            out.writeByte((e.gzipped() ? FLAG_GZIP : 0) | (e.originTag() ? FLAG_ORIGIN_TAG : 0));
            out.writeLong(e.storedAtMillis());
            out.writeLong(e.freshUntilMillis());
            out.writeLong(e.staleUntilMillis());
            out.writeLong(fillSequence);
            out.writeUTF(e.etag());
            out.writeShort(e.headers().size());
            for (CacheEntry.Header h : e.headers()) {
                writeHeader(out, h);
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

    private static void writeHeader(DataOutputStream out, CacheEntry.Header h) throws IOException {
        int whole = STATIC_HEADERS.indexOf(h);
        if (whole >= 0) {
            out.writeUTF(String.valueOf((char) (whole + 1)));
            out.writeUTF("");
            return;
        }
        int name = STATIC_NAMES.indexOf(h.name());
        out.writeUTF(name >= 0 ? String.valueOf((char) (FIRST_NAME_CODE + name)) : h.name());
        out.writeUTF(h.value());
    }

    /** A header; null for a code this revision does not know (or a code in a revision without codes). */
    private static CacheEntry.Header readHeader(String name, String value, boolean coded) {
        if (name.length() != 1 || name.charAt(0) >= 0x20) {
            return new CacheEntry.Header(name, value);
        }
        int code = name.charAt(0);
        if (!coded) {
            return null;
        }
        if (code >= 1 && code <= STATIC_HEADERS.size() && code < FIRST_NAME_CODE && value.isEmpty()) {
            return STATIC_HEADERS.get(code - 1);
        }
        if (code >= FIRST_NAME_CODE && code - FIRST_NAME_CODE < STATIC_NAMES.size()) {
            return new CacheEntry.Header(STATIC_NAMES.get(code - FIRST_NAME_CODE), value);
        }
        return null;
    }

    /**
     * The fill sequence of a stored entry: 0 for a revision that has none (or bytes too short to hold
     * one, which {@link #decode} refuses anyway).
     */
    public static long fillSequence(byte[] stored) {
        if (stored == null || stored.length < FILL_SEQUENCE_OFFSET + 8 || stored[0] < 3) {
            return 0L;
        }
        return new EntryReader(stored, FILL_SEQUENCE_OFFSET).i64();
    }

    /** @return the entry, or empty when the bytes are not a well-formed entry of a known revision */
    public static Optional<CacheEntry> decode(byte[] stored) {
        if (stored == null || stored.length == 0 || stored[0] < MIN_REVISION || stored[0] > REVISION) {
            return Optional.empty();
        }
        boolean coded = stored[0] >= 2;
        try {
            EntryReader in = new EntryReader(stored);
            in.u8();
            int status = in.u16();
            int flags = in.u8();
            if ((flags & ~(FLAG_GZIP | FLAG_ORIGIN_TAG)) != 0) {
                return Optional.empty();
            }
            long storedAt = in.i64();
            long freshUntil = in.i64();
            long staleUntil = in.i64();
            if (stored[0] >= 3) {
                in.i64();       // the fill sequence: see fillSequence(byte[])
            }
            String etag = in.utf();
            int headerCount = in.u16();
            if (headerCount > MAX_HEADERS) {
                return Optional.empty();
            }
            CacheEntry.Header[] headers = new CacheEntry.Header[headerCount];
            for (int i = 0; i < headerCount; i++) {
                CacheEntry.Header h = readHeader(in.utf(), in.utf(), coded);
                if (h == null) {
                    return Optional.empty();
                }
                headers[i] = h;
            }
            int refCount = in.u16();
            if (refCount > MAX_REFS) {
                return Optional.empty();
            }
            Set<TagRef> refs = new HashSet<>();
            for (int i = 0; i < refCount; i++) {
                Optional<TagRef.Kind> kind = TagRef.Kind.of((char) in.u8());
                String value = in.utf();
                if (kind.isEmpty() || value.isEmpty()) {
                    return Optional.empty();
                }
                refs.add(new TagRef(kind.get(), value));
            }
            int bodyLength = in.i32();
            if (bodyLength < 0 || bodyLength != in.remaining()) {
                return Optional.empty();
            }
            byte[] body = in.bytes(bodyLength);
            if (status < 100 || status > 599 || staleUntil < freshUntil) {
                return Optional.empty();
            }
            return Optional.of(new CacheEntry(status, (flags & FLAG_GZIP) != 0, List.of(headers), etag, storedAt,
                    freshUntil, staleUntil, body, refs, (flags & FLAG_ORIGIN_TAG) != 0));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }
}
