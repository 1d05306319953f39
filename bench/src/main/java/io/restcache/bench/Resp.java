package io.restcache.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking Redis (RESP2) client for the runner's few commands (PING, INFO, SCAN, MEMORY
 * USAGE, ...): the runner inspects Redis without Redisson's start-up cost.
 */
final class Resp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Resp(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 2000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends one command; returns a String (simple or bulk), Long, List or null. Errors throw. */
    Object call(String... args) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        encode(req, args);
        out.write(req.toByteArray());
        out.flush();
        return read();
    }

    private static void encode(ByteArrayOutputStream req, String... args) throws IOException {
        req.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            req.write(('$' + Integer.toString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            req.write(b);
            req.write('\r');
            req.write('\n');
        }
    }

    /**
     * What Redis holds for its data: {@code used_memory} without {@code mem_clients_normal}, the client
     * connections' query and reply buffers. Those grow and shrink with whichever connection a client used
     * and what it last read (a 3 KB step over a 50-entry probe is 61 bytes per entry), so a per-entry
     * figure taken from {@code used_memory} alone moves with them.
     */
    long dataMemory() throws IOException {
        java.util.Map<String, String> memory = info("memory");
        String used = memory.get("used_memory");
        String clients = memory.get("mem_clients_normal");
        if (used == null || clients == null) {
            throw new IOException("INFO memory has no used_memory or no mem_clients_normal");
        }
        return Long.parseLong(used.trim()) - Long.parseLong(clients.trim());
    }

    /** One {@code INFO} section as its {@code name:value} fields. */
    java.util.Map<String, String> info(String section) throws IOException {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        for (String line : String.valueOf(call("INFO", section)).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                values.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return values;
    }

    /** Sends many commands in one write and reads their replies (errors throw). */
    List<Object> pipeline(List<String[]> commands) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        for (String[] args : commands) {
            encode(req, args);
        }
        out.write(req.toByteArray());
        out.flush();
        List<Object> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(read());
        }
        return replies;
    }

    /** Reads the next reply or pushed message (a subscriber's messages), blocking up to the socket timeout. */
    Object next() throws IOException {
        return read();
    }

    long callLong(String... args) throws IOException {
        Object r = call(args);
        if (r instanceof Long l) {
            return l;
        }
        throw new IOException("expected an integer from " + String.join(" ", args) + ", got " + r);
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("Redis error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n + 2);
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type " + type);
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            s.append((char) c);
        }
        in.read(); // '\n'
        return s.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
