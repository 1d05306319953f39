package io.restcache.itests;

import io.restcache.itests.refused.identity.IdentityApplication;
import io.restcache.itests.refused.interceptor.InterceptorApplication;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.ShouldThrowException;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On WildFly, whose adapter reports a failed deployment as an exception: the applications of
 * {@code InterceptorRefusalIT} and {@code IdentityRefusalIT} must fail to deploy. Arquillian fails this
 * class when a deployment annotated {@code @ShouldThrowException} succeeds.
 */
@ExtendWith(ArquillianExtension.class)
@EnabledIfSystemProperty(named = "wildfly.home", matches = ".+", disabledReason = "Payara: see the two classes above")
class RefusedDeploymentsWildFlyIT {

    @Deployment(name = "interceptor", testable = false)
    @ShouldThrowException(DeploymentException.class)
    static WebArchive interceptor() {
        return RefusedDeployments.war("refused-interceptor", InterceptorApplication.class.getPackage());
    }

    @Deployment(name = "identity", testable = false)
    @ShouldThrowException(DeploymentException.class)
    static WebArchive identity() {
        return RefusedDeployments.war("refused-identity", IdentityApplication.class.getPackage());
    }

    @Test
    void cachedMethodBehindAnUnknownInterceptor_andSharedMethodReadingJakartaSecurity_failTheirDeployments() {
        // Arquillian runs this only after both deployments failed with a DeploymentException
    }
}
