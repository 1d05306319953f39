package io.restcache.itests.app;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application under test; providers and resources are discovered by scanning. */
@ApplicationPath("/")
@DeclareRoles({"user", "admin"})
public class TestApplication extends Application {
}
