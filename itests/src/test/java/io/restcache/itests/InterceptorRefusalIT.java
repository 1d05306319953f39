package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.restcache.itests.refused.interceptor.InterceptorApplication;
import io.restcache.itests.support.Http;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Regression: a cached method guarded by the application's own interceptor binding ({@code @OwnerOnly})
 * deployed, and once the owner had filled the entry, every hit — a 200, or a 304 for a matching ETag —
 * went to callers the interceptor refuses. restcache now refuses the deployment (its message, naming the
 * method, the binding and the ways out, is pinned by {@code HitSkipChecksTest}); a binding declared
 * hit-safe deploys and behaves ({@code KeysAndSafetyIT}'s role-protected test: {@code SafetyResource}
 * declares its guard hit-safe).
 *
 * <p>Payara Micro's adapter reports a failed deployment as an empty server rather than an exception, so
 * this test asserts what a caller sees (Open Liberty starts the application but its every request fails
 * with a 500: {@link RefusedDeployments#refusedStatus()}); on WildFly, whose adapter throws, {@code RefusedDeploymentsWildFlyIT}
 * expects the deployment exception instead.
 */
@ExtendWith(ArquillianExtension.class)
@DisabledIfSystemProperty(named = "wildfly.home", matches = ".+", disabledReason = "RefusedDeploymentsWildFlyIT")
class InterceptorRefusalIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return RefusedDeployments.war("refused-interceptor", InterceptorApplication.class.getPackage());
    }

    @Test
    void callerTheInterceptorRefuses_neverGetsACached200Or304() {
        Http http = new Http(base);
        HttpResponse<String> owner = http.get("owner-report", "X-Caller", "owner");
        String etag = owner.headers().firstValue("ETag").orElse("\"none\"");

        HttpResponse<String> stranger = http.get("owner-report", "X-Caller", "mallory");
        HttpResponse<String> strangerConditional = http.get("owner-report", "X-Caller", "mallory", "If-None-Match", etag);

        assertFalse(stranger.statusCode() == 200 || stranger.statusCode() == 304, "refused caller got " + stranger.statusCode());
        assertFalse(stranger.body().contains("numbers"), stranger.body());
        assertFalse(strangerConditional.statusCode() == 200 || strangerConditional.statusCode() == 304,
                "refused caller's conditional request got " + strangerConditional.statusCode());
        assertEquals(RefusedDeployments.refusedStatus(), owner.statusCode(), "the application must not be serving");
    }
}
