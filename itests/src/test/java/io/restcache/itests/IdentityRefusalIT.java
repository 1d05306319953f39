package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.restcache.itests.refused.identity.IdentityApplication;
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
 * Regression: a {@code shared = true} method that read the caller through Jakarta Security's
 * {@code SecurityContext} deployed, and the first caller's greeting was served to every other caller,
 * anonymous ones included. restcache now refuses the deployment (its message is pinned by
 * {@code HitSkipChecksTest}).
 *
 * <p>Payara Micro's adapter reports a failed deployment as an empty server rather than an exception, so
 * this test asserts what a caller sees (Open Liberty starts the application but its every request fails
 * with a 500: {@link RefusedDeployments#refusedStatus()}); on WildFly, whose adapter throws, {@code RefusedDeploymentsWildFlyIT}
 * expects the deployment exception instead.
 */
@ExtendWith(ArquillianExtension.class)
@DisabledIfSystemProperty(named = "wildfly.home", matches = ".+", disabledReason = "RefusedDeploymentsWildFlyIT")
class IdentityRefusalIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return RefusedDeployments.war("refused-identity", IdentityApplication.class.getPackage());
    }

    @Test
    void sharedMethodReadingJakartaSecurity_neverServesOneCallersBodyToAnother() {
        Http http = new Http(base);
        HttpResponse<String> alice = http.get("greeting", "Authorization", "Bearer alice");
        HttpResponse<String> bob = http.get("greeting", "Authorization", "Bearer bob");
        HttpResponse<String> anonymous = http.get("greeting");

        assertFalse(bob.body().contains("alice"), "bob got alice's greeting: " + bob.body());
        assertFalse(anonymous.body().contains("alice"), "an anonymous caller got alice's greeting: " + anonymous.body());
        assertEquals(RefusedDeployments.refusedStatus(), alice.statusCode(), "the application must not be serving");
    }
}
