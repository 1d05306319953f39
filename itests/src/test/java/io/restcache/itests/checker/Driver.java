package io.restcache.itests.checker;

import io.restcache.itests.checker.Operation.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checker's load: on every reader node, reader threads that ask for a row, the caller's own rows or a
 * group, as fast as they are answered; on every writer node, a writer thread that increments a random row
 * and, as soon as the write is acknowledged, reads that row from every other reader node (read-after-write on
 * another node: the read most likely to find an entry that was not dropped yet) and writes it again.
 * Each operation is logged with its start and end on this JVM's clock, its node, status, {@code Cache-Status}
 * and the versions and owners its body shows.
 */
final class Driver {

    /** Rows in the table; row {@code id} belongs to {@code user<id % USERS>}. */
    static final int ROWS = 40;
    static final int USERS = 4;
    static final int GROUPS = 4;

    private static final Pattern ROW = Pattern.compile("\\{\"id\":(\\d+),\"version\":(\\d+),\"owner\":\"([^\"]*)\"}");
    private static final Pattern OWNER = Pattern.compile("^\\{\"owner\":\"([^\"]*)\"");
    private static final Duration WRITE_PAUSE = Duration.ofMillis(250);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> readers;
    private final Map<String, String> writers;
    private final int readersPerNode;
    private final String readPrefix;
    private final ConcurrentLinkedQueue<Operation> log = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param readers base URL by node name, of the nodes read from
     * @param writers base URL by node name, of the nodes written through
     */
    Driver(Map<String, String> readers, Map<String, String> writers, int readersPerNode) {
        this(readers, writers, readersPerNode, "");
    }

    /**
     * @param readPrefix put before every read's path ({@code memcached/}: the same endpoints with their
     *                   entries in Memcached); writes go to {@code rows/{id}} whatever it is
     */
    Driver(Map<String, String> readers, Map<String, String> writers, int readersPerNode, String readPrefix) {
        this.readers = readers;
        this.writers = writers;
        this.readersPerNode = readersPerNode;
        this.readPrefix = readPrefix;
    }

    /** The user who owns row {@code id}. */
    static String ownerOf(int id) {
        return "user" + (id % USERS);
    }

    void start() {
        running = true;
        readers.forEach((node, base) -> {
            for (int i = 0; i < readersPerNode; i++) {
                threads.add(started("reader-" + node + "-" + i, () -> readLoop(node, base)));
            }
        });
        writers.forEach((node, base) -> threads.add(started("writer-" + node, () -> writeLoop(node, base))));
    }

    private static Thread started(String name, Runnable loop) {
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Stops the load, waits for the operations in flight and returns the history since {@link #start}. */
    List<Operation> stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        threads.clear();
        List<Operation> history = new ArrayList<>(log);
        log.clear();
        return history;
    }

    private void readLoop(String node, String base) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            int dice = random.nextInt(4);
            if (dice < 2) {
                int id = 1 + random.nextInt(ROWS);
                send(Kind.READ_ROW, node, base, "GET", readPrefix + "rows/" + id, null);
            } else if (dice == 2) {
                send(Kind.READ_MINE, node, base, "GET", readPrefix + "me/rows", "user" + random.nextInt(USERS));
            } else {
                send(Kind.READ_GROUP, node, base, "GET", readPrefix + "groups/" + random.nextInt(GROUPS), null);
            }
        }
    }

    private void writeLoop(String node, String base) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            int id = 1 + random.nextInt(ROWS);
            send(Kind.WRITE, node, base, "PUT", "rows/" + id, null);
            readers.forEach((reader, readerBase) -> {
                if (!reader.equals(node)) {       // the writing node drops its own entries before it answers
                    send(Kind.READ_AFTER_WRITE, reader, readerBase, "GET", readPrefix + "rows/" + id, null);
                }
            });
            // again at once: the reads above started fills of the old version, which this write must fence;
            // the row then goes quiet for a while, so that a wrongly stored fill would be seen long after
            send(Kind.WRITE, node, base, "PUT", "rows/" + id, null);
            try {
                Thread.sleep(WRITE_PAUSE.toMillis());     // pacing the load, not waiting for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Reads every row twice from every reader node, with no load running, and returns those reads: after a
     * fault has healed, any of them older than the last acknowledged write is an invalidation that was lost.
     */
    List<Operation> sweep() {
        readers.forEach((node, base) -> {
            for (int id = 1; id <= ROWS; id++) {
                for (int pass = 0; pass < 2; pass++) {     // the second read is served by whatever the first left
                    send(Kind.READ_ROW, node, base, "GET", readPrefix + "rows/" + id, null);
                }
            }
        });
        List<Operation> reads = new ArrayList<>(log);
        log.clear();
        return reads;
    }

    private void send(Kind kind, String node, String base, String method, String path, String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", "Bearer " + user);
        }
        long start = System.nanoTime();
        int status = -1;
        String cacheStatus = "";
        String body = "";
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            cacheStatus = response.headers().firstValue("Cache-Status").orElse("");
            body = response.body();
        } catch (IOException noResponse) {
            // logged as status -1
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long end = System.nanoTime();
        Map<Integer, Long> versions = new LinkedHashMap<>();
        Set<String> owners = new HashSet<>();
        Matcher rows = ROW.matcher(body);
        while (rows.find()) {
            versions.put(Integer.parseInt(rows.group(1)), Long.parseLong(rows.group(2)));
            owners.add(rows.group(3));
        }
        Matcher owner = OWNER.matcher(body);
        if (owner.find()) {
            owners.add(owner.group(1));
        }
        log.add(new Operation(kind, node, user, start, end, status, cacheStatus, versions, owners));
    }
}
