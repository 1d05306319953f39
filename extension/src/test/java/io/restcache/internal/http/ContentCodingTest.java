package io.restcache.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentCodingTest {

    @Test
    void acceptsGzip_followsQValues() {
        assertTrue(ContentCoding.acceptsGzip(List.of("gzip, deflate, br")));
        assertTrue(ContentCoding.acceptsGzip(List.of("br;q=1.0, GZIP;q=0.5")));
        assertTrue(ContentCoding.acceptsGzip(List.of("*")));
        assertTrue(ContentCoding.acceptsGzip(List.of("br", "gzip")));
        assertFalse(ContentCoding.acceptsGzip(List.of("gzip;q=0")));
        assertFalse(ContentCoding.acceptsGzip(List.of("*;q=0")));
        assertFalse(ContentCoding.acceptsGzip(List.of("*, gzip;q=0")));
        assertFalse(ContentCoding.acceptsGzip(List.of("identity")));
        assertFalse(ContentCoding.acceptsGzip(List.of("br")));
        assertFalse(ContentCoding.acceptsGzip(null));
    }

    @Test
    void gzip_roundTrips_andShrinksJson() {
        byte[] json = "{\"name\":\"alice\",\"bio\":\"likes caching\"},".repeat(200).getBytes(StandardCharsets.UTF_8);
        byte[] coded = ContentCoding.gzip(json, 6);
        assertTrue(coded.length < json.length / 5, coded.length + " vs " + json.length);
        assertArrayEquals(json, ContentCoding.gunzip(coded));
    }

    @Test
    void gzip_isReadByTheJdksGzipStream_andGunzipReadsTheJdksOutput() throws Exception {
        byte[] body = randomJson(30_000);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(ContentCoding.gzip(body, 1)))) {
            assertArrayEquals(body, in.readAllBytes());
        }
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(jdk)) {      // writes its own header flags and OS byte
            out.write(body);
        }
        assertArrayEquals(body, ContentCoding.gunzip(jdk.toByteArray()));
    }

    @Test
    void gzip_roundTrips_emptyTinyAndIncompressibleBodies_atEveryLevel() {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 100, 16_384, 70_000}) {
            byte[] noise = new byte[size];
            random.nextBytes(noise);
            for (int level = 1; level <= 9; level++) {
                assertArrayEquals(noise, ContentCoding.gunzip(ContentCoding.gzip(noise, level)), size + " bytes, level " + level);
            }
        }
    }

    @Test
    void gunzip_ofTruncatedOrAlteredData_throwsUnchecked_neverReturnsWrongBytes() {
        byte[] body = randomJson(5_000);
        byte[] coded = ContentCoding.gzip(body, 6);
        for (int cut = 0; cut < coded.length; cut++) {
            byte[] truncated = Arrays.copyOf(coded, cut);
            assertThrows(UncheckedIOException.class, () -> ContentCoding.gunzip(truncated), "cut at " + cut);
        }
        for (int at = 0; at < coded.length; at++) {
            byte[] altered = coded.clone();
            altered[at] ^= 0x10;
            try {
                assertArrayEquals(body, ContentCoding.gunzip(altered), "a flipped bit at " + at + " decoded to other bytes");
            } catch (UncheckedIOException expected) {
                // detected
            }
        }
    }

    private static byte[] randomJson(int approximateSize) {
        Random random = new Random(42);
        StringBuilder json = new StringBuilder("[");
        while (json.length() < approximateSize) {
            json.append("{\"id\":").append(random.nextInt(1_000_000)).append(",\"name\":\"user")
                    .append(random.nextInt(500)).append("\",\"score\":").append(random.nextDouble()).append("},");
        }
        return json.append("{}]").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void gunzip_ofGarbage_throwsUnchecked() {
        assertThrows(UncheckedIOException.class, () -> ContentCoding.gunzip(new byte[] {1, 2, 3}));
    }

    @Test
    void gzipTag_isDistinctAndStillAStrongTag() {
        assertEquals("\"abc-gzip\"", ContentCoding.gzipTag("\"abc\""));
        assertEquals("W/\"abc-gzip\"", ContentCoding.gzipTag("W/\"abc\""));
    }
}
