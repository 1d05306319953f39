package io.restcache.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restcache.itests.app.TestApplication;
import io.restcache.itests.support.Deployments;
import io.restcache.itests.support.Http;
import io.restcache.itests.support.SharedRedis;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How routes reach cached methods: sub-resource locators, and {@code @Cached} on a class. */
@ExtendWith(ArquillianExtension.class)
class RoutingSafetyIT {

    @ArquillianResource
    URL base;

    private Http http;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("routing", Map.of(
                "restcache.redis.address", SharedRedis.get().address(),
                "restcache.key-prefix", "routing:"), TestApplication.class.getPackage());
    }

    @BeforeEach
    void client() {
        http = new Http(base).awaitCacheReady();
    }

    /**
     * Regression: a sub-resource method was keyed by its class's own (empty) route and its path
     * parameters, so {@code /owners/users/42/posts} and {@code /owners/groups/42/posts} shared one entry
     * and a group's caller was served the user's posts.
     */
    @Test
    void twoSubResourcePaths_neverShareAnEntry_andEachIsServedFromTheCache() {
        HttpResponse<String> user = http.get("owners/users/42/posts");
        HttpResponse<String> group = http.get("owners/groups/42/posts");
        HttpResponse<String> userAgain = http.get("owners/users/42/posts");
        HttpResponse<String> groupAgain = http.get("owners/groups/42/posts");

        assertTrue(user.body().contains("\"owner\":\"user:42\""), user.body());
        assertTrue(group.body().contains("\"owner\":\"group:42\""), "the group path got: " + group.body());
        assertTrue(groupAgain.body().contains("\"owner\":\"group:42\""), groupAgain.body());
        assertTrue(header(userAgain, "Cache-Status").contains("hit"), header(userAgain, "Cache-Status"));
        assertTrue(header(groupAgain, "Cache-Status").contains("hit"), header(groupAgain, "Cache-Status"));
        assertEquals(1, http.count("posts-user"));
        assertEquals(1, http.count("posts-group"));
    }

    /** Regression: {@code @Cached} on a class with POST/PUT methods failed the whole deployment. */
    @Test
    void cachedClass_cachesItsGet_andLeavesPostAndPutUncached() {
        HttpResponse<String> first = http.get("cached-class");
        HttpResponse<String> second = http.get("cached-class");
        HttpResponse<String> post = http.send("POST", "cached-class");
        HttpResponse<String> postAgain = http.send("POST", "cached-class");

        assertEquals(200, first.statusCode());
        assertTrue(header(second, "Cache-Status").contains("hit"), header(second, "Cache-Status"));
        assertEquals(200, post.statusCode());
        assertEquals(200, postAgain.statusCode());
        assertEquals(2, http.count("cached-class-post"), "every POST runs the method");
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }
}
