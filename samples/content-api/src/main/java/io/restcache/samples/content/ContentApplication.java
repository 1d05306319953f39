package io.restcache.samples.content;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The content API under {@code /api}. Resources and providers (restcache's among them) are found by
 * scanning, so nothing is listed here.
 */
@ApplicationPath("/api")
public class ContentApplication extends Application {
}
