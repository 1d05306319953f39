package io.restcache.samples.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample's load check ({@code -Dsample.loadCheck=SECONDS}): {@value #CLIENTS} client threads, each
 * request to a random node, about {@value #PUT_PERCENT}% of them profile updates ({@code PUT /api/users/{id}}
 * by that user) and the rest feed reads ({@code GET /api/feed} as one of alice..erin). It prints the counts
 * and the latency percentiles and passes only if no request failed and p99 stays under
 * {@link #MAX_P99}: well under restcache's flight wait (3 s), the time after which a request waiting for
 * another one's fill gives up — a p99 near it means requests queue behind slow fills.
 *
 * <p>A check run on demand, not a benchmark: the clients share the machine with the servers.
 */
final class LoadCheck {

    static final int CLIENTS = 8;
    static final int PUT_PERCENT = 5;
    static final Duration MAX_P99 = Duration.ofSeconds(1);
    private static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin");
    private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern USERNAME = Pattern.compile("\"username\"\\s*:\\s*\"([^\"]*)\"");

    /** The verdict, and whether it passed. */
    record Result(boolean passed, String verdict) {
    }

    private final List<ServerLauncher.Node> nodes;
    private final Duration duration;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    LoadCheck(List<ServerLauncher.Node> nodes, Duration duration) {
        this.nodes = nodes;
        this.duration = duration;
    }

    Result run() throws IOException, InterruptedException {
        Map<String, Long> ids = userIds();
        say("Warm-up: every user's feed once on every node (not measured)");
        for (ServerLauncher.Node node : nodes) {
            for (String user : USERS) {
                send(feed(node, user));
            }
        }
        say(CLIENTS + " clients for " + duration.toSeconds() + " s on " + nodes.size() + " node(s): "
                + PUT_PERCENT + "% PUT /api/users/{id}, the rest GET /api/feed as alice..erin");
        Recorder reads = new Recorder();
        Recorder puts = new Recorder();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger hits = new AtomicInteger();
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                running.add(clients.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    int n = 0;
                    while (System.nanoTime() < deadline) {
                        ServerLauncher.Node node = nodes.get(random.nextInt(nodes.size()));
                        String user = USERS.get(random.nextInt(USERS.size()));
                        boolean put = random.nextInt(100) < PUT_PERCENT;
                        HttpRequest request = put ? profileUpdate(node, user, ids.get(user), n++) : feed(node, user);
                        long start = System.nanoTime();
                        try {
                            HttpResponse<Void> response = send(request);
                            (put ? puts : reads).add(System.nanoTime() - start);
                            if (response.statusCode() != 200) {
                                errors.add(request.method() + " " + request.uri() + " -> " + response.statusCode());
                            } else if (!put && response.headers().firstValue("Cache-Status").orElse("").contains("; hit")) {
                                hits.incrementAndGet();
                            }
                        } catch (IOException e) {
                            (put ? puts : reads).add(System.nanoTime() - start);
                            errors.add(request.method() + " " + request.uri() + " -> " + e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("A load check client failed", e.getCause());
        } finally {
            clients.shutdownNow();
        }
        return report(reads.sorted(), puts.sorted(), errors, hits.get());
    }

    private Result report(long[] reads, long[] puts, ConcurrentLinkedQueue<String> errors, int hits) {
        long[] all = new long[reads.length + puts.length];
        System.arraycopy(reads, 0, all, 0, reads.length);
        System.arraycopy(puts, 0, all, reads.length, puts.length);
        Arrays.sort(all);
        say(String.format("requests %d (%.0f/s): reads %d (%d hits), puts %d, errors %d",
                all.length, all.length / (double) duration.toSeconds(), reads.length, hits, puts.length, errors.size()));
        say("latency ms    p50      p99      max");
        say(line("all", all));
        say(line("reads", reads));
        say(line("puts", puts));
        errors.stream().limit(5).forEach(e -> say("error: " + e));
        long p99 = percentile(all, 0.99);
        boolean passed = errors.isEmpty() && all.length > 0 && p99 < MAX_P99.toNanos();
        String verdict = String.format("p99 %.1f ms (limit %d ms), %d errors of %d requests",
                p99 / 1e6, MAX_P99.toMillis(), errors.size(), all.length);
        return new Result(passed, verdict);
    }

    private static String line(String label, long[] sorted) {
        return String.format("  %-8s %8.1f %8.1f %8.1f", label,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, percentile(sorted, 1.0) / 1e6);
    }

    /** The nearest-rank percentile of sorted values; 0 for none. */
    static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    /** Each user's id from the uncached directory, rather than assuming the seed's 1 to 5. */
    private Map<String, Long> userIds() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(nodes.get(0).api() + "/users"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> ids = new LinkedHashMap<>();
        Matcher object = OBJECT.matcher(response.body());
        while (object.find()) {
            Matcher id = ID.matcher(object.group());
            Matcher username = USERNAME.matcher(object.group());
            if (id.find() && username.find()) {
                ids.put(username.group(1), Long.parseLong(id.group(1)));
            }
        }
        for (String user : USERS) {
            if (!ids.containsKey(user)) {
                throw new IllegalStateException("No user " + user + " in GET /api/users: " + response.body());
            }
        }
        return ids;
    }

    private HttpResponse<Void> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.discarding());
    }

    private static HttpRequest feed(ServerLauncher.Node node, String user) {
        return HttpRequest.newBuilder(URI.create(node.api() + "/feed"))
                .header("Authorization", "Bearer " + user)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static HttpRequest profileUpdate(ServerLauncher.Node node, String user, long id, int n) {
        return HttpRequest.newBuilder(URI.create(node.api() + "/users/" + id))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"bio\":\"Load check update " + n + " by " + user + ".\"}"))
                .header("Authorization", "Bearer " + user)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static void say(String line) {
        System.out.println("[load-check] " + line);
    }

    /** Latencies in nanoseconds, from any thread. */
    private static final class Recorder {
        private final ConcurrentLinkedQueue<Long> values = new ConcurrentLinkedQueue<>();

        void add(long nanos) {
            values.add(nanos);
        }

        long[] sorted() {
            long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return sorted;
        }
    }
}
