package io.restcache.itests.telemetry.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The application whose server spans TelemetryIT reads back. */
@ApplicationPath("/")
public class TelemetryApplication extends Application {
}
