package io.restcache.internal.purge;

import io.restcache.spi.EdgePurger;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A built-in purger: the adapter turns keys into requests (one per Varnish host, one per API call),
 * this sends them all; the purge succeeded when every request did.
 */
final class HttpPurger implements EdgePurger {

    private final HttpClient client;
    private final Duration timeout;
    private final Function<Set<String>, List<PurgeRequest>> requests;
    private final int maxKeys;

    HttpPurger(HttpClient client, Duration timeout, int maxKeys, Function<Set<String>, List<PurgeRequest>> requests) {
        this.client = client;
        this.timeout = timeout;
        this.requests = requests;
        this.maxKeys = maxKeys;
    }

    @Override
    public CompletionStage<Void> purge(Set<String> keys) {
        return CompletableFuture.allOf(requests.apply(keys).stream()
                .map(r -> r.send(client, timeout)).toArray(CompletableFuture[]::new));
    }

    @Override
    public int maxKeysPerCall() {
        return maxKeys;
    }
}
