package io.restcache.internal.purge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP request a built-in purger sends, as plain data: adapters build it (tested against recorded
 * examples of each API), one method sends it.
 *
 * @param method the HTTP method
 * @param uri the target
 * @param headers request headers, in order
 * @param body the request body (empty: none)
 */
public record PurgeRequest(String method, URI uri, Map<String, String> headers, String body) {

    public PurgeRequest {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Sends it; completes exceptionally on a transport failure or a status outside 2xx. */
    CompletableFuture<Void> send(HttpClient client, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).thenAccept(response -> {
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode());
            }
        });
    }

    /** A JSON array of strings. */
    static String jsonStrings(Iterable<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String v : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"');
            for (char c : v.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
        return out.append(']').toString();
    }
}
