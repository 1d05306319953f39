package io.restcache.samples.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LoadCheckTest {

    @Test
    void percentile_hundredValues_isTheNearestRank() {
        long[] sorted = LongStream.rangeClosed(1, 100).toArray();

        assertEquals(50, LoadCheck.percentile(sorted, 0.50));
        assertEquals(99, LoadCheck.percentile(sorted, 0.99));
        assertEquals(100, LoadCheck.percentile(sorted, 1.0));
    }

    @Test
    void percentile_fewValues_neverFallsOffEitherEnd() {
        assertEquals(7, LoadCheck.percentile(new long[] {7}, 0.99));
        assertEquals(3, LoadCheck.percentile(new long[] {3, 9}, 0.01));
        assertEquals(0, LoadCheck.percentile(new long[0], 0.99));
    }
}
