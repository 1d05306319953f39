package io.restcache.itests.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application under test; providers and resources are discovered by scanning. */
@ApplicationPath("/")
public class TestApplication extends Application {
}
