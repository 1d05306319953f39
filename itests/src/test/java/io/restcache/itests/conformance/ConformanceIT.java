package io.restcache.itests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restcache.itests.conformance.app.ForwardingResource;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.SharedRedis;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The field's HTTP caching conformance suite (http-tests/cache-tests, npm {@code http-cache-tests} 0.4.5) run
 * through a forwarding application in each mode: annotation-driven freshness (the default), origin-driven
 * freshness ({@code restcache.freshness=origin}), and caching off as the baseline. The results of the two
 * caching modes must match {@code conformance/expectations.json} exactly: a test that passes must keep passing,
 * every test that does not is listed with why, and a listed test that passes fails the check. The per-suite
 * table of all three runs beside the package's shipped results for other caches goes to
 * {@code target/conformance/table.md}.
 */
@ExtendWith(ArquillianExtension.class)
class ConformanceIT {

    private static final int ORIGIN_PORT = ConformanceSuite.freePort();

    @ArquillianResource
    @OperateOnDeployment("off")
    URL off;

    @ArquillianResource
    @OperateOnDeployment("annotation")
    URL annotation;

    @ArquillianResource
    @OperateOnDeployment("origin")
    URL origin;

    @Deployment(name = "off", testable = false)
    static WebArchive off() {
        return war("conf-off", Map.of("restcache.enabled", "false"));
    }

    @Deployment(name = "annotation", testable = false)
    static WebArchive annotationDriven() {
        return atTheRoot(war("conf-annotation", Map.of()));
    }

    @Deployment(name = "origin", testable = false)
    static WebArchive originDriven() {
        return atWildFlysRoot(atTheRoot(war("conf-origin", Map.of("restcache.freshness", "origin"))));
    }

    /**
     * At the server's root (each deployment gets a server of its own): the suite's origin sends
     * {@code Location} and {@code Content-Location} as paths from its own root ({@code /test/<id>/...}) and
     * checks that clients see them unchanged, so only a cache that fronts the same URL space can relate them
     * to what it stored — as a reverse proxy at the root does.
     */
    private static WebArchive atTheRoot(WebArchive war) {
        return war.addAsWebInfResource(new org.jboss.shrinkwrap.api.asset.StringAsset(
                "<payara-web-app><context-root>/</context-root></payara-web-app>"), "payara-web.xml");
    }

    /** WildFly runs every deployment in one server, where only one can have the root: the origin mode. */
    private static WebArchive atWildFlysRoot(WebArchive war) {
        return war.addAsWebInfResource(new org.jboss.shrinkwrap.api.asset.StringAsset(
                "<jboss-web><context-root>/</context-root></jboss-web>"), "jboss-web.xml");
    }

    @Test
    void suite_inEveryMode_matchesTheExpectations() throws Exception {
        List<String> checked = new ArrayList<>();
        List<String> all = new ArrayList<>();
        try (ConformanceSuite suite = ConformanceSuite.start(ORIGIN_PORT)) {
            Path baseline = suite.runAgainst(off, "off");
            all.add("off=" + baseline);
            Map<String, URL> modes = new LinkedHashMap<>();
            modes.put("annotation", annotation);
            modes.put("origin", origin);
            for (Map.Entry<String, URL> mode : modes.entrySet()) {
                String result = mode.getKey() + "=" + suite.runAgainst(mode.getValue(), mode.getKey());
                checked.add(result);
                all.add(result);
            }
            System.out.println(suite.count(all).output());
            ConformanceSuite.Outcome check = suite.check(System.getProperty("wildfly.home") == null ? "payara" : "wildfly",
                    checked);
            assertEquals(0, check.exit(), check.output());
        }
    }

    /**
     * The managed Payara Micro adapter starts one server per deployment but stops only the last it
     * started: the servers of the first two deployments are stopped here, by PID (descendants of this JVM
     * running their WARs), so that no run leaves them behind. Nothing matches on WildFly (one server).
     */
    @AfterAll
    static void stopTheServersTheAdapterForgets() {
        ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("payara-micro")
                        && (c.contains("conf-off") || c.contains("conf-annotation"))).orElse(false))
                .forEach(p -> {
                    System.out.println("[conformance] stopping the Payara Micro the adapter does not stop: pid " + p.pid());
                    p.destroy();
                });
    }

    private static WebArchive war(String name, Map<String, String> mode) {
        Map<String, String> config = new HashMap<>(mode);
        config.put("restcache.redis.address", SharedRedis.get().address());
        config.put("restcache.key-prefix", name + ":");
        config.put("conformance.origin", ConformanceSuite.originUrl(ORIGIN_PORT));
        return Deployments.war(name, config, ForwardingResource.class.getPackage());
    }
}
