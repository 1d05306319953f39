package io.restcache.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for tests: one call, one response, generous timeouts. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URL base;

    public Http(URL base) {
        this.base = base;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, headers);
    }

    public HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the deployment's cache is connected (the first connection attempt can lose to a busy
     * machine; the cache then connects a few seconds later), so that tests start from a working cache.
     */
    public Http awaitCacheReady() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    String status = get("items/cache-ready-probe").headers().firstValue("Cache-Status").orElse("");
                    return !status.contains("redis-unavailable") && !status.contains("initializing");
                });
        return this;
    }

    /** The number of times the test application's method {@code name} has run. */
    public int count(String name) {
        return Integer.parseInt(get("counters/" + name).body().trim());
    }

    private URI uri(String path) {
        String b = base.toExternalForm();
        return URI.create((b.endsWith("/") ? b : b + "/") + path);
    }
}
