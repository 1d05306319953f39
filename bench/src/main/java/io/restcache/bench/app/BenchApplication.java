package io.restcache.bench.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The benchmark endpoints at the server root; resources and providers are found by scanning. */
@ApplicationPath("/")
public class BenchApplication extends Application {
}
