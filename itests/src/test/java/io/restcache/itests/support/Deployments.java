package io.restcache.itests.support;

import java.io.File;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Builds test WARs as users deploy restcache: the library and its dependencies in WEB-INF/lib. */
public final class Deployments {

    private Deployments() {
    }

    /**
     * @param name the WAR's name (and context root)
     * @param config the application's MicroProfile Config properties (the Redis address, ...)
     * @param packages the packages of test application classes to include
     */
    public static WebArchive war(String name, Map<String, String> config, Package... packages) {
        File libs = new File(Objects.requireNonNull(System.getProperty("restcache.itest.libs"),
                "run through Maven: restcache.itest.libs names the jars to deploy"));
        File[] jars = Objects.requireNonNull(libs.listFiles((dir, f) -> f.endsWith(".jar")), libs + " is empty");
        Map<String, String> withDefaults = new java.util.TreeMap<>(config);
        // functional tests must not depend on a cold JVM answering within the 50 ms production budget
        withDefaults.putIfAbsent("restcache.redis.budget", "3s");
        String properties = withDefaults.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addAsLibraries(jars)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
                .addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties");
        Arrays.stream(packages).forEach(p -> war.addPackage(p));
        return war;
    }
}
