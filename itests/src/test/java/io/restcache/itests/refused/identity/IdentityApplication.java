package io.restcache.itests.refused.identity;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** An application whose deployment restcache must refuse. */
@ApplicationPath("/")
public class IdentityApplication extends Application {
}
