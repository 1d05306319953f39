package io.restcache.itests.memcached;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The application of the Memcached store's tests: its own package, since its methods need a Memcached. */
@ApplicationPath("/")
public class MemcachedApplication extends Application {
}
