package io.restcache.itests.app;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a resource method in the middle of computing its response until the test releases it, so that
 * a test can invalidate deterministically while a fill is in flight (latches, no sleeps).
 */
@ApplicationScoped
public class RaceGate {

    private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> released = new ConcurrentHashMap<>();

    public void arm(String id) {
        started.put(id, new CountDownLatch(1));
        released.put(id, new CountDownLatch(1));
    }

    /** Called by the method: signals that it has read its data, then waits for the release. */
    public void pause(String id) throws InterruptedException {
        CountDownLatch s = started.get(id);
        CountDownLatch r = released.get(id);
        if (s == null || r == null) {
            return;   // not armed: no pause
        }
        s.countDown();
        if (!r.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("race gate " + id + " was never released");
        }
    }

    public boolean awaitStarted(String id) throws InterruptedException {
        CountDownLatch s = started.get(id);
        return s != null && s.await(60, TimeUnit.SECONDS);
    }

    public void release(String id) {
        CountDownLatch r = released.remove(id);
        started.remove(id);
        if (r != null) {
            r.countDown();
        }
    }
}
