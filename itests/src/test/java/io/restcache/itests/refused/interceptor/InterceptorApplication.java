package io.restcache.itests.refused.interceptor;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** An application whose deployment restcache must refuse. */
@ApplicationPath("/")
public class InterceptorApplication extends Application {
}
