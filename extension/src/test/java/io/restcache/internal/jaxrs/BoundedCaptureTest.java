package io.restcache.internal.jaxrs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedCaptureTest {

    @Test
    void withinLimit_holdsEverythingBack() throws IOException {
        ByteArrayOutputStream downstream = new ByteArrayOutputStream();
        AtomicInteger overflows = new AtomicInteger();
        BoundedCapture capture = new BoundedCapture(downstream, 10, overflows::incrementAndGet);
        capture.write("hello".getBytes());
        capture.flush();
        capture.write("world".getBytes());
        assertFalse(capture.overflowed());
        assertArrayEquals("helloworld".getBytes(), capture.bytes());
        assertEquals(0, downstream.size());
        assertEquals(0, overflows.get());
    }

    @Test
    void pastLimit_givesUpOnceAndStreamsEverythingInOrder() throws IOException {
        ByteArrayOutputStream downstream = new ByteArrayOutputStream();
        AtomicInteger overflows = new AtomicInteger();
        BoundedCapture capture = new BoundedCapture(downstream, 10, overflows::incrementAndGet);
        capture.write("hello".getBytes());
        capture.write("world!".getBytes());
        capture.write('?');
        assertTrue(capture.overflowed());
        assertEquals("helloworld!?", downstream.toString());
        assertEquals(1, overflows.get());
    }
}
