package io.restcache.itests.app;

import io.restcache.spi.KeyContributor;
import jakarta.enterprise.context.ApplicationScoped;

/** A key dimension only the application can resolve: the tenant, from a header in this test. */
@ApplicationScoped
public class TenantContributor implements KeyContributor {

    @Override
    public String name() {
        return "tenant";
    }

    @Override
    public String value(RequestView request) {
        return request.header("X-Tenant");
    }
}
