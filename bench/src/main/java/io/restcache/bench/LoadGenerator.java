package io.restcache.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: {@code connections} virtual users, each on its own keep-alive connection,
 * each sending its next request as soon as the previous response is read. It runs a warm-up, then the
 * measured window, without a pause in between; a {@link Probe} takes the server-side snapshots at the
 * window's edges. Latency is recorded (microseconds, HdrHistogram) for responses that complete inside the
 * window, and so is the throughput. Every loop is bounded by the window's end.
 */
final class LoadGenerator {

    /** Called by the coordinating thread at the start and at the end of the measured window. */
    interface Probe {
        /** For runs whose window nobody looks at (warm-up). */
        Probe NONE = new Probe() {
            @Override
            public void atStart() {
            }

            @Override
            public void atEnd() {
            }
        };

        void atStart() throws Exception;

        void atEnd() throws Exception;
    }

    /** What the load generator saw in the measured window. */
    record Outcome(long requests, long windowNanos, Histogram latencyMicros, long errors, long badStatus,
            long wrongSize, long expectationMissed, long connects, String firstError) {

        double requestsPerSecond() {
            return requests * 1e9 / windowNanos;
        }
    }

    /** One request target: the path, and whether every request gets its own query string. */
    record Target(String host, int port, String path, boolean unique, String expectedHeader, String expectedValue,
            long expectedBodyBytes, boolean gzip) {
    }

    private LoadGenerator() {
    }

    static Outcome run(Target target, int connections, Duration warmup, Duration measure, Probe probe) throws Exception {
        long begin = System.nanoTime();
        long plannedStart = begin + warmup.toNanos();
        long plannedEnd = plannedStart + measure.toNanos();
        Window window = new Window();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Worker w = new Worker(i, target, window, plannedEnd + 1_000_000_000L);
            workers.add(w);
            w.thread.start();
        }
        try {
            sleepUntil(plannedStart);
            probe.atStart();
            window.start = System.nanoTime();
            sleepUntil(plannedEnd);
            long end = System.nanoTime();
            window.end = end;
            window.stop = true;
            probe.atEnd();
        } finally {
            window.stop = true;
            for (Worker w : workers) {
                w.thread.join(35_000);
            }
        }
        Histogram all = new Histogram(60_000_000L, 3);
        long requests = 0;
        long errors = 0;
        long badStatus = 0;
        long wrongSize = 0;
        long missed = 0;
        long connects = 0;
        String firstError = null;
        for (Worker w : workers) {
            all.add(w.histogram);
            requests += w.histogram.getTotalCount();
            errors += w.errors;
            badStatus += w.badStatus;
            wrongSize += w.wrongSize;
            missed += w.expectationMissed;
            connects += w.connection.connects();
            if (firstError == null) {
                firstError = w.firstError;
            }
        }
        return new Outcome(requests, window.end - window.start, all, errors, badStatus, wrongSize, missed, connects,
                firstError);
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** The measured window's edges, as the coordinator saw them. */
    private static final class Window {
        volatile long start = Long.MAX_VALUE;
        volatile long end = Long.MAX_VALUE;
        volatile boolean stop;
    }

    private static final class Worker implements Runnable {
        final Thread thread;
        final Histogram histogram = new Histogram(60_000_000L, 3);
        final HttpConnection connection;
        private final int id;
        private final Target target;
        private final Window window;
        private final long hardStop;
        private final byte[] fixedRequest;
        long errors;
        long badStatus;
        long wrongSize;
        long expectationMissed;
        String firstError;

        Worker(int id, Target target, Window window, long hardStop) {
            this.id = id;
            this.target = target;
            this.window = window;
            this.hardStop = hardStop;
            this.connection = new HttpConnection(target.host(), target.port(), target.expectedHeader(),
                    target.expectedValue());
            this.fixedRequest = target.unique() ? null : request(target.path());
            this.thread = new Thread(this, "load-" + id);
            this.thread.setDaemon(true);
        }

        private byte[] request(String pathAndQuery) {
            return ("GET " + pathAndQuery + " HTTP/1.1\r\n"
                    + "Host: " + target.host() + ":" + target.port() + "\r\n"
                    + "Accept: application/json\r\n"
                    + (target.gzip() ? "Accept-Encoding: gzip\r\n" : "")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void run() {
            long sequence = 0;
            try {
                while (!window.stop && System.nanoTime() < hardStop) {
                    byte[] request = fixedRequest != null ? fixedRequest
                            : request(target.path() + "?n=" + id + "-" + (sequence++) + "-" + System.nanoTime());
                    long t0 = System.nanoTime();
                    try {
                        connection.exchange(request);
                    } catch (Exception e) {
                        long t1 = System.nanoTime();
                        if (t1 >= window.start && t1 <= window.end) {
                            errors++;
                            if (firstError == null) {
                                firstError = e.toString();
                            }
                        }
                        LockSupport.parkNanos(10_000_000L); // do not spin on a server that refuses
                        continue;
                    }
                    long t1 = System.nanoTime();
                    if (t1 < window.start || t1 > window.end) {
                        continue; // warm-up, or after the window
                    }
                    histogram.recordValue(Math.min((t1 - t0) / 1000, 60_000_000L));
                    if (connection.status != 200) {
                        badStatus++;
                    } else if (target.expectedBodyBytes() >= 0
                            && connection.bodyBytes != target.expectedBodyBytes()) {
                        wrongSize++;
                    }
                    if (!connection.expectationMet) {
                        expectationMissed++;
                    }
                }
            } finally {
                connection.close();
            }
        }
    }
}
