package io.restcache.itests.conformance.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The forwarding application the HTTP caching conformance suite runs against. The origin's
 * {@code Location} goes out as it came (a path from the root): Jersey would otherwise resolve it against
 * the request, and the suite checks clients see the origin's value.
 */
@ApplicationPath("/")
public class ConformanceApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.headers.location.relative.resolution.disabled", true);
    }
}
