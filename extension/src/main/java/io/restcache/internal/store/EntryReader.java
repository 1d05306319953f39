package io.restcache.internal.store;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the fields of a stored entry straight from its bytes, in the layout {@link EntryCodec} writes.
 * Every Redis hit decodes one entry on a request's path: a cursor over the array costs a fraction of a
 * {@link DataInputStream} (no stream objects, no 80-character buffer per string, ASCII strings made in one
 * step, the body copied once rather than gathered in 8 KB chunks first). A read past the end throws
 * {@link IndexOutOfBoundsException}, which the codec reads as a miss, like any other malformed entry.
 */
final class EntryReader {

    private final byte[] bytes;
    private int at;

    EntryReader(byte[] bytes) {
        this(bytes, 0);
    }

    /** A cursor that starts at {@code offset}: for a field at a fixed place, read without the rest. */
    EntryReader(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.at = offset;
    }

    int u8() {
        check(1);
        return bytes[at++] & 0xFF;
    }

    int u16() {
        check(2);
        int v = (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
        at += 2;
        return v;
    }

    int i32() {
        check(4);
        int v = (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8 | bytes[at + 3] & 0xFF;
        at += 4;
        return v;
    }

    long i64() {
        check(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | bytes[at + i] & 0xFF;
        }
        at += 8;
        return v;
    }

    /**
     * A string as {@link java.io.DataOutput#writeUTF} wrote it: a u16 length, then modified UTF-8. The
     * headers, tags and entity tags restcache stores are ASCII nearly always, and ASCII is the same in both
     * forms; anything else goes through {@link DataInputStream#readUTF}, which knows the modified form.
     */
    String utf() {
        int length = u16();
        check(length);
        int start = at;
        at += length;
        for (int i = start; i < start + length; i++) {
            if (bytes[i] < 0) {       // a byte ≥ 0x80: a character outside ASCII
                return modifiedUtf8(start - 2, length + 2);
            }
        }
        return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }

    private String modifiedUtf8(int from, int length) {
        try {
            return new DataInputStream(new ByteArrayInputStream(bytes, from, length)).readUTF();
        } catch (IOException malformed) {
            throw new IllegalArgumentException("malformed string in a stored entry", malformed);
        }
    }

    /** The next {@code length} bytes, copied. */
    byte[] bytes(int length) {
        check(length);
        byte[] copy = Arrays.copyOfRange(bytes, at, at + length);
        at += length;
        return copy;
    }

    /** How many bytes are left. */
    int remaining() {
        return bytes.length - at;
    }

    private void check(int length) {
        if (length < 0 || length > bytes.length - at) {
            throw new IndexOutOfBoundsException("a stored entry ends early");
        }
    }
}
