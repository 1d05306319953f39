package io.restcache.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection of the load generator, on a plain socket: writes a GET, reads the
 * status line and headers, skips the body (Content-Length or chunked). Light on CPU on purpose: the load
 * generator shares the machine's cores with the server. It reconnects when the server closes the
 * connection (Payara Micro does after 250 requests).
 */
final class HttpConnection implements Closeable {

    private static final byte[] CONTENT_LENGTH = lower("content-length:");
    private static final byte[] TRANSFER_ENCODING = lower("transfer-encoding:");
    private static final byte[] CONNECTION = lower("connection:");

    private final String host;
    private final int port;
    private final byte[] expectedHeader;   // lower-case "name:", or null
    private final byte[] expectedValue;    // substring the header's value must contain
    private final byte[] line = new byte[16 * 1024];
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int connects;

    // the last exchange
    int status;
    long bodyBytes;
    boolean expectationMet;

    HttpConnection(String host, int port, String expectedHeader, String expectedValue) {
        this.host = host;
        this.port = port;
        this.expectedHeader = expectedHeader == null ? null : lower(expectedHeader + ":");
        this.expectedValue = expectedValue == null ? null : expectedValue.getBytes(StandardCharsets.US_ASCII);
    }

    /** How many times this connection (re)connected. */
    int connects() {
        return connects;
    }

    /**
     * Sends one request and reads the whole response. A connection the server closed while idle is
     * reopened and the request sent again, once.
     */
    void exchange(byte[] request) throws IOException {
        boolean reused = socket != null;
        try {
            exchangeOnce(request);
        } catch (IOException e) {
            close();
            if (!reused) {
                throw e;
            }
            exchangeOnce(request);
        }
    }

    private void exchangeOnce(byte[] request) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            in = socket.getInputStream();
            pos = 0;
            limit = 0;
            out = socket.getOutputStream();
            connects++;
        }
        out.write(request);
        out.flush();

        int n = readLine();
        if (n < 12) {
            throw new EOFException("no status line");
        }
        status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        expectationMet = expectedHeader == null;
        while ((n = readLine()) > 0) {
            if (startsWith(n, CONTENT_LENGTH)) {
                contentLength = Long.parseLong(value(n, CONTENT_LENGTH.length));
            } else if (startsWith(n, TRANSFER_ENCODING)) {
                chunked = value(n, TRANSFER_ENCODING.length).toLowerCase().contains("chunked");
            } else if (startsWith(n, CONNECTION)) {
                close = value(n, CONNECTION.length).toLowerCase().contains("close");
            } else if (expectedHeader != null && startsWith(n, expectedHeader)) {
                expectationMet = contains(n, expectedHeader.length, expectedValue);
            }
        }
        if (n < 0) {
            throw new EOFException("connection closed in the headers");
        }
        if (chunked) {
            bodyBytes = 0;
            while (true) {
                int len = readLine();
                if (len < 0) {
                    throw new EOFException("connection closed in a chunk header");
                }
                String hex = new String(line, 0, len, StandardCharsets.US_ASCII);
                int semi = hex.indexOf(';');
                long size = Long.parseLong((semi < 0 ? hex : hex.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    while ((len = readLine()) > 0) {
                        // trailers
                    }
                    break;
                }
                skipFully(size);
                bodyBytes += size;
                readLine(); // CRLF after the chunk
            }
        } else if (contentLength >= 0) {
            skipFully(contentLength);
            bodyBytes = contentLength;
        } else if (status != 204 && status != 304) {
            throw new IOException("a response without Content-Length or chunked encoding");
        } else {
            bodyBytes = 0;
        }
        if (close) {
            close();
        }
    }

    /** Reads one header line into {@link #line} without its CRLF; its length, or -1 at end of stream. */
    private int readLine() throws IOException {
        int n = 0;
        while (true) {
            if (pos == limit && !fill()) {
                return -1;
            }
            int c = buf[pos++];
            if (c == '\n') {
                return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
            }
            if (n == line.length) {
                throw new IOException("header line longer than " + line.length + " bytes");
            }
            line[n++] = (byte) c;
        }
    }

    private void skipFully(long count) throws IOException {
        while (count > 0) {
            if (pos == limit && !fill()) {
                throw new EOFException("connection closed in the body");
            }
            int r = (int) Math.min(limit - pos, count);
            pos += r;
            count -= r;
        }
    }

    /** Reads what the socket has into the buffer; false at end of stream. */
    private boolean fill() throws IOException {
        int r = in.read(buf, 0, buf.length);
        if (r <= 0) {
            return false;
        }
        pos = 0;
        limit = r;
        return true;
    }

    private boolean startsWith(int n, byte[] lowerPrefix) {
        if (n < lowerPrefix.length) {
            return false;
        }
        for (int i = 0; i < lowerPrefix.length; i++) {
            byte b = line[i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerPrefix[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean contains(int n, int from, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= n; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (line[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private String value(int n, int from) {
        return new String(line, from, n - from, StandardCharsets.US_ASCII).trim();
    }

    private static byte[] lower(String s) {
        return s.toLowerCase().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
