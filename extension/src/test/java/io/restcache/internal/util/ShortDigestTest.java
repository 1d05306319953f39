package io.restcache.internal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShortDigestTest {

    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    @Test
    void keepsTheLeadingBytesOfSha256_inUnpaddedBase64url() {
        // FIPS 180-2's test vector: SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 ...
        assertEquals("ungWv48Bz-pBQUDeXa4iIw", ShortDigest.of(ABC, 16));
        assertEquals("ug", ShortDigest.of(ABC, 1));
        assertEquals("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", ShortDigest.of(ABC, 32));
    }

    @Test
    void concurrentCallers_getTheSameDigest() throws Exception {
        String expected = ShortDigest.of(ABC, 16);
        Thread[] threads = new Thread[4];
        String[][] seen = new String[threads.length][1_000];
        for (int t = 0; t < threads.length; t++) {
            int me = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < seen[me].length; i++) {
                    seen[me][i] = ShortDigest.of(ABC, 16);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (String[] one : seen) {
            for (String s : one) {
                assertEquals(expected, s);
            }
        }
    }

    @Test
    void refusesALengthOutsideTheDigest() {
        assertThrows(IllegalArgumentException.class, () -> ShortDigest.of(ABC, 0));
        assertThrows(IllegalArgumentException.class, () -> ShortDigest.of(ABC, 33));
    }
}
