package io.restcache.internal.http;

import io.restcache.internal.util.LastResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * gzip content coding (RFC 9110 §8.4.1.3): negotiation from {@code Accept-Encoding} and the coding
 * itself. restcache stores a compressible body gzipped once, sends those bytes as they are to clients
 * that accept gzip, and decodes them only for clients that do not.
 */
public final class ContentCoding {

    /** The coding restcache applies. */
    public static final String GZIP = "gzip";

    /** A gzip member header without optional fields: magic, deflate, no flags, no time, no extra flags, OS unknown. */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    /** Deflate cannot expand more than about 1032:1; a trailer claiming more is corrupt. */
    private static final long MAX_INFLATED_RATIO = 1032;

    /** Deflaters and inflaters hold native buffers (~256 KB for a deflater) that are costly to set up per call. */
    private static final CoderPool CODERS = new CoderPool(2 * Runtime.getRuntime().availableProcessors());

    private ContentCoding() {
    }

    /**
     * Whether a request's {@code Accept-Encoding} accepts gzip: listed (or {@code *}) with a q-value
     * above zero (RFC 9110 §12.5.3). An absent header accepts any coding in principle, but clients that
     * send none are usually simple tools, so restcache treats absent as identity-only.
     */
    public static boolean acceptsGzip(List<String> acceptEncodingLines) {
        if (acceptEncodingLines == null) {
            return false;
        }
        if (acceptEncodingLines.size() == 1) {
            return LAST_LINE.apply(acceptEncodingLines.get(0));   // clients send the same line on every request
        }
        return parseAcceptsGzip(acceptEncodingLines);
    }

    /** The {@code Accept-Encoding} line parsed last, and its answer. */
    private static final LastResult<String, Boolean> LAST_LINE = new LastResult<>(line -> parseAcceptsGzip(List.of(line)));

    private static boolean parseAcceptsGzip(List<String> acceptEncodingLines) {
        Boolean star = null;
        for (String line : acceptEncodingLines) {
            for (String element : line.split(",")) {
                String[] parts = element.split(";");
                String coding = parts[0].trim().toLowerCase(Locale.ROOT);
                boolean accepted = qValue(parts) > 0;
                if (coding.equals(GZIP) || coding.equals("x-gzip")) {
                    return accepted;
                }
                if (coding.equals("*")) {
                    star = accepted;
                }
            }
        }
        return Boolean.TRUE.equals(star);
    }

    private static double qValue(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** gzip at the given level (1 fastest … 9 smallest), with a pooled deflater. */
    public static byte[] gzip(byte[] body, int level) {
        Deflater deflater = CODERS.deflater(level);
        try {
            deflater.setInput(body);
            deflater.finish();
            // header, then raw deflate data (a deflate stream never outgrows its input by more than a
            // few bytes per 16 KB block, plus its header), then the trailer
            byte[] out = new byte[GZIP_HEADER.length + body.length + body.length / 1000 + 64 + 8];
            System.arraycopy(GZIP_HEADER, 0, out, 0, GZIP_HEADER.length);
            int n = GZIP_HEADER.length;
            while (!deflater.finished()) {
                if (n == out.length - 8) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                n += deflater.deflate(out, n, out.length - 8 - n);
            }
            CRC32 crc = new CRC32();
            crc.update(body);
            writeIntLE(out, n, (int) crc.getValue());
            writeIntLE(out, n + 4, body.length);
            return Arrays.copyOf(out, n + 8);
        } finally {
            CODERS.release(deflater);
        }
    }

    /**
     * Decodes gzip bytes; throws {@link UncheckedIOException} on corrupt input. Members as restcache
     * writes them (no optional header fields) are inflated straight into an array of the size the
     * trailer states, and checked against its CRC; anything else goes through {@link GZIPInputStream}.
     */
    public static byte[] gunzip(byte[] coded) {
        if (coded.length < GZIP_HEADER.length + 8 || !Arrays.equals(coded, 0, 4, GZIP_HEADER, 0, 4)) {
            return gunzipStream(coded);
        }
        long size = Integer.toUnsignedLong(readIntLE(coded, coded.length - 4));
        if (size > MAX_INFLATED_RATIO * coded.length || size > Integer.MAX_VALUE - 16) {
            return gunzipStream(coded);     // not what restcache writes (or several members): the general path
        }
        byte[] out = new byte[(int) size];
        Inflater inflater = CODERS.inflater();
        try {
            inflater.setInput(coded, GZIP_HEADER.length, coded.length - GZIP_HEADER.length - 8);
            int n = 0;
            while (n < out.length) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            // the output is full: the stream must end here (its final block marker may still be unread)
            if (n != out.length || !inflater.finished() && (inflater.inflate(new byte[1]) != 0 || !inflater.finished())) {
                throw new UncheckedIOException(new ZipException("gzip data does not match its stated size"));
            }
            CRC32 crc = new CRC32();
            crc.update(out);
            if ((int) crc.getValue() != readIntLE(coded, coded.length - 8)) {
                throw new UncheckedIOException(new ZipException("gzip data does not match its CRC"));
            }
            return out;
        } catch (DataFormatException e) {
            throw new UncheckedIOException(new ZipException("corrupt gzip data: " + e.getMessage()));
        } finally {
            CODERS.release(inflater);
        }
    }

    private static byte[] gunzipStream(byte[] coded) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(coded), 8192)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeIntLE(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static int readIntLE(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    /** The entity tag of the gzip representation, derived from the identity one: {@code "x"} → {@code "x-gzip"}. */
    public static String gzipTag(String identityTag) {
        int close = identityTag.lastIndexOf('"');
        if (close <= 0) {
            return identityTag;
        }
        return identityTag.substring(0, close) + "-gzip\"";
    }

    /** Whether a level is valid for {@link #gzip}. */
    public static boolean validLevel(int level) {
        return level >= Deflater.BEST_SPEED && level <= Deflater.BEST_COMPRESSION;
    }
}
