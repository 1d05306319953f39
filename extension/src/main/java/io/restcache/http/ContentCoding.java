package io.restcache.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip content coding (RFC 9110 §8.4.1.3): negotiation from {@code Accept-Encoding} and the coding
 * itself. restcache stores a compressible body gzipped once, sends those bytes as they are to clients
 * that accept gzip, and decodes them only for clients that do not.
 */
public final class ContentCoding {

    /** The coding restcache applies. */
    public static final String GZIP = "gzip";

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

    /** gzip at the given level (1 fastest … 9 smallest). */
    public static byte[] gzip(byte[] body, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gz = new LeveledGzip(out, level)) {
            gz.write(body);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }

    /** Decodes gzip bytes; throws {@link UncheckedIOException} on corrupt input. */
    public static byte[] gunzip(byte[] coded) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(coded), 8192)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entity tag of the gzip representation, derived from the identity one: {@code "x"} → {@code "x-gzip"}. */
    public static String gzipTag(String identityTag) {
        int close = identityTag.lastIndexOf('"');
        if (close <= 0) {
            return identityTag;
        }
        return identityTag.substring(0, close) + "-gzip\"";
    }

    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
            super(out, 8192);
            def.setLevel(level);
        }
    }

    /** Whether a level is valid for {@link #gzip}. */
    public static boolean validLevel(int level) {
        return level >= Deflater.BEST_SPEED && level <= Deflater.BEST_COMPRESSION;
    }
}
