package io.restcache.itests.conformance.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The forwarding application the HTTP caching conformance suite runs against. */
@ApplicationPath("/")
public class ConformanceApplication extends Application {
}
