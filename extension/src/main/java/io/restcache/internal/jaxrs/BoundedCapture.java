package io.restcache.internal.jaxrs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Holds back what the message body writer produces, up to a limit, so that the ETag of the complete
 * body can be sent before it. Past the limit it gives up storing: it runs {@code onOverflow} (while the
 * headers can still change), writes what it held, and streams the rest straight through.
 */
final class BoundedCapture extends OutputStream {

    private final OutputStream downstream;
    private final int limit;
    private final Runnable onOverflow;
    private ByteArrayOutputStream held = new ByteArrayOutputStream(8192);

    BoundedCapture(OutputStream downstream, int limit, Runnable onOverflow) {
        this.downstream = downstream;
        this.limit = limit;
        this.onOverflow = onOverflow;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (held != null && held.size() + len > limit) {
            onOverflow.run();
            held.writeTo(downstream);
            held = null;
        }
        if (held != null) {
            held.write(b, off, len);
        } else {
            downstream.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        // Holding back is the point: a flush from the writer must not commit the headers early.
        if (held == null) {
            downstream.flush();
        }
    }

    @Override
    public void close() {
        // The container owns the downstream stream; the interceptor writes the held bytes after proceed().
    }

    boolean overflowed() {
        return held == null;
    }

    /** The complete body, when it stayed within the limit. */
    byte[] bytes() {
        return held.toByteArray();
    }
}
