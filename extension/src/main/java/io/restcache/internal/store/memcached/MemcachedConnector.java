package io.restcache.internal.store.memcached;

import com.spotify.folsom.BinaryMemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import io.restcache.internal.config.MemcachedSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The connection to the Memcached servers: one folsom binary-protocol client (it reconnects by itself,
 * and spreads keys over several servers by consistent hashing).
 */
public final class MemcachedConnector implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MemcachedConnector.class.getName());

    /** Memcached's default item size limit ({@code memcached -I}), which an entry must fit in. */
    public static final int ITEM_LIMIT = MemcachedSettings.ITEM_LIMIT;

    private final BinaryMemcacheClient<byte[]> client;

    private MemcachedConnector(BinaryMemcacheClient<byte[]> client) {
        this.client = client;
    }

    /** Starts connecting; requests go uncached until the client is connected. */
    public static MemcachedConnector connecting(MemcachedSettings settings) {
        MemcacheClientBuilder<byte[]> builder = MemcacheClientBuilder.newByteArrayClient()
                .withRequestTimeoutMillis(settings.timeout().toMillis())
                .withConnectionTimeoutMillis(settings.timeout().toMillis())
                // a failed request is reported, not retried: the request path has its own budget
                .withRetry(false)
                .withMaxSetLength(ITEM_LIMIT);
        for (MemcachedSettings.Server server : settings.servers()) {
            builder.withAddress(server.host(), server.port());
        }
        return new MemcachedConnector(builder.connectBinary());
    }

    /** The client (it fails its requests while disconnected). */
    BinaryMemcacheClient<byte[]> client() {
        return client;
    }

    /** Whether at least one server is connected. */
    public boolean connected() {
        return client.isConnected();
    }

    /** Waits a bounded time for the first connection, so that a healthy Memcached serves the first requests. */
    public void awaitConnected(Duration max) {
        try {
            client.awaitConnected(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warning(() -> "restcache: Memcached not connected after " + max.toMillis()
                    + " ms; its methods go uncached until it is");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
