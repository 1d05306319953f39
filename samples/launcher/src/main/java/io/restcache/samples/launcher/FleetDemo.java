package io.restcache.samples.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's scenario, live ({@code -Dsample.demo=true}): every node reads Alice's profile (node 1 fills
 * Redis, the others take it from there, then from their own memory), node 1 renames her, and every
 * other node's next read shows the new name. Prints each request's status, {@code Cache-Status} and the
 * display name, and says whether each read was fresh; it never stops the launcher.
 */
final class FleetDemo {

    private static final Pattern DISPLAY_NAME = Pattern.compile("\"displayName\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<ServerLauncher.Node> nodes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    FleetDemo(List<ServerLauncher.Node> nodes) {
        this.nodes = nodes;
    }

    void run() throws InterruptedException {
        ServerLauncher.Node first = nodes.get(0);
        List<ServerLauncher.Node> others = nodes.subList(1, nodes.size());
        say("1. Alice's profile, read on every node (node 1 fills Redis; the others hit Redis, then their own memory)");
        for (ServerLauncher.Node node : nodes) {
            show(node, get(node));
        }
        for (ServerLauncher.Node node : others) {
            show(node, get(node));
        }
        String name = "Alice " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS);
        say("2. Rename her on node 1 to \"" + name + "\"");
        show(first, send(first, HttpRequest.newBuilder(profile(first))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"" + name + "\"}"))
                .header("Authorization", "Bearer alice")
                .header("Content-Type", "application/json")));
        say("3. Read her right away on " + (others.isEmpty() ? "node 1 again" : "the other nodes"));
        int fresh = 0;
        List<ServerLauncher.Node> readers = others.isEmpty() ? List.of(first) : others;
        for (ServerLauncher.Node node : readers) {
            Optional<HttpResponse<String>> response = get(node);
            show(node, response);
            boolean isFresh = response.flatMap(FleetDemo::displayName).filter(name::equals).isPresent();
            fresh += isFresh ? 1 : 0;
            say("   " + (isFresh ? "fresh: the new name" : "STALE or failed: expected \"" + name + "\""));
        }
        say(fresh == readers.size()
                ? "Every node served the new name: the PUT dropped the entry in Redis and in each node's memory"
                : (readers.size() - fresh) + " of " + readers.size() + " reads did not show the new name");
    }

    private Optional<HttpResponse<String>> get(ServerLauncher.Node node) throws InterruptedException {
        return send(node, HttpRequest.newBuilder(profile(node)).GET());
    }

    private Optional<HttpResponse<String>> send(ServerLauncher.Node node, HttpRequest.Builder request)
            throws InterruptedException {
        try {
            return Optional.of(http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            say("   node " + node.number() + ": request failed: " + e);
            return Optional.empty();
        }
    }

    private static void show(ServerLauncher.Node node, Optional<HttpResponse<String>> response) {
        response.ifPresent(r -> say("   " + r.request().method() + " " + r.uri() + " -> " + r.statusCode()
                + ", Cache-Status: " + r.headers().firstValue("Cache-Status").orElse("(none)")
                + ", displayName: " + displayName(r).map(n -> "\"" + n + "\"").orElse("(none)")));
    }

    private static Optional<String> displayName(HttpResponse<String> response) {
        Matcher m = DISPLAY_NAME.matcher(response.body());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static URI profile(ServerLauncher.Node node) {
        return URI.create(node.api() + "/users/1");
    }

    private static void say(String line) {
        System.out.println("[demo] " + line);
    }
}
