package io.restcache.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class LeaseTokensTest {

    @Test
    void tokensFromManyThreads_areAllDifferent() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    seen.add(LeaseTokens.next());
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(40_000, seen.size(), "a token handed out twice would let two fills share one lease");
    }

    @Test
    void aTokenIsTheProcessPrefix_thenTheCounter() {
        String a = LeaseTokens.next();
        String b = LeaseTokens.next();
        String prefix = a.substring(0, a.indexOf('-') + 1);
        assertEquals(17, prefix.length(), "64 random bits in hex, then '-'");
        assertTrue(prefix.substring(0, 16).matches("[0-9a-f]{16}"), a);
        assertTrue(b.startsWith(prefix), "one prefix per process: " + a + ", " + b);
        assertTrue(Long.parseLong(b.substring(prefix.length()), 36) > Long.parseLong(a.substring(prefix.length()), 36));
    }
}
