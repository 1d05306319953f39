package io.restcache.internal.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A bounded pool of raw (header-less) deflaters and inflaters. Setting one up allocates and clears
 * native buffers, which costs more than coding a 2 KB body; a pool bounded by the number of cores keeps
 * the saving without pinning native memory to every request thread, as a thread-local would.
 */
final class CoderPool {

    private final BlockingQueue<Deflater> deflaters;
    private final BlockingQueue<Inflater> inflaters;

    CoderPool(int capacity) {
        deflaters = new ArrayBlockingQueue<>(capacity);
        inflaters = new ArrayBlockingQueue<>(capacity);
    }

    /** A reset deflater at this level; give it back with {@link #release(Deflater)}. */
    Deflater deflater(int level) {
        Deflater d = deflaters.poll();
        if (d == null) {
            return new Deflater(level, true);
        }
        d.setLevel(level);
        return d;
    }

    /** A reset inflater; give it back with {@link #release(Inflater)}. */
    Inflater inflater() {
        Inflater i = inflaters.poll();
        return i != null ? i : new Inflater(true);
    }

    void release(Deflater d) {
        d.reset();
        if (!deflaters.offer(d)) {
            d.end();
        }
    }

    void release(Inflater i) {
        i.reset();
        if (!inflaters.offer(i)) {
            i.end();
        }
    }
}
