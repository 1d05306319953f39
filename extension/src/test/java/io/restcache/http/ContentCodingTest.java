package io.restcache.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    void gunzip_ofGarbage_throwsUnchecked() {
        assertThrows(UncheckedIOException.class, () -> ContentCoding.gunzip(new byte[] {1, 2, 3}));
    }

    @Test
    void gzipTag_isDistinctAndStillAStrongTag() {
        assertEquals("\"abc-gzip\"", ContentCoding.gzipTag("\"abc\""));
        assertEquals("W/\"abc-gzip\"", ContentCoding.gzipTag("W/\"abc\""));
    }
}
