package io.restcache.internal.purge;

import io.restcache.internal.config.EdgeSettings;
import io.restcache.spi.EdgePurger;
import java.net.http.HttpClient;
import java.util.Optional;

/** The built-in purger {@code restcache.edge.purger} chooses, if any. */
public final class BuiltInPurgers {

    private BuiltInPurgers() {
    }

    public static Optional<EdgePurger> of(EdgeSettings edge) {
        if (edge.purger() == EdgeSettings.Purger.NONE) {
            return Optional.empty();
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(edge.purgeTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        return Optional.of(switch (edge.purger()) {
            case VARNISH -> new HttpPurger(client, edge.purgeTimeout(), PurgeRequests.VARNISH_MAX_KEYS,
                    keys -> PurgeRequests.varnish(edge.varnishHosts(), keys));
            case FASTLY -> new HttpPurger(client, edge.purgeTimeout(), PurgeRequests.FASTLY_MAX_KEYS,
                    keys -> PurgeRequests.fastly(edge.fastlyEndpoint(), edge.fastlyServiceId().orElseThrow(),
                            edge.fastlyToken().orElseThrow(), keys));
            case CLOUDFLARE -> new HttpPurger(client, edge.purgeTimeout(), PurgeRequests.CLOUDFLARE_MAX_TAGS,
                    keys -> PurgeRequests.cloudflare(edge.cloudflareEndpoint(), edge.cloudflareZoneId().orElseThrow(),
                            edge.cloudflareToken().orElseThrow(), keys));
            case NONE -> throw new IllegalStateException("unreachable");
        });
    }
}
