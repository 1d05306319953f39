package io.restcache.itests.conformance.app;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends one request on to the origin and turns its answer into a JAX-RS response, as a proxy would:
 * hop-by-hop fields (RFC 9110 §7.6.1: the fixed ones and those named in {@code Connection}) are dropped
 * both ways, framing is left to each side's server.
 */
final class Forwarder {

    static final Forwarder INSTANCE = new Forwarder();

    /** Hop-by-hop and framing fields, and those the JDK client refuses to set. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect", "http2-settings");

    // HTTP/1.1: the default would offer an h2c upgrade, fields the origin's tests do not expect
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Forwarder() {
    }

    Response forward(String target, String rawQuery, String method, MultivaluedMap<String, String> requestHeaders,
            byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rawQuery == null ? target : target + "?" + rawQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        Set<String> dropped = dropped(requestHeaders.getOrDefault("Connection", List.of()));
        requestHeaders.forEach((name, values) -> {
            if (!dropped.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return Response.status(502).entity(e.toString()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.status(502).build();
        }
        return response(answer);
    }

    private static Response response(HttpResponse<byte[]> answer) {
        HttpHeaders fields = answer.headers();
        Set<String> dropped = dropped(fields.allValues("Connection"));
        Response.ResponseBuilder response = Response.status(answer.statusCode());
        for (Map.Entry<String, List<String>> field : fields.map().entrySet()) {
            String name = field.getKey();
            if (!name.startsWith(":") && !dropped.contains(name.toLowerCase(Locale.ROOT))) {
                field.getValue().forEach(v -> response.header(name, v));
            }
        }
        byte[] bytes = answer.body();
        if (bytes.length > 0 && answer.statusCode() != 204 && answer.statusCode() != 304) {
            response.entity(bytes);
        }
        return response.build();
    }

    /** The fixed hop-by-hop fields plus those a {@code Connection} field names. */
    private static Set<String> dropped(List<String> connection) {
        Set<String> names = new HashSet<>(NOT_FORWARDED);
        connection.forEach(line -> Arrays.stream(line.split(","))
                .map(n -> n.trim().toLowerCase(Locale.ROOT)).filter(n -> !n.isEmpty()).forEach(names::add));
        return names;
    }
}
