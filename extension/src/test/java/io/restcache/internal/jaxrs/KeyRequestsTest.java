package io.restcache.internal.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.restcache.Cached;
import io.restcache.internal.config.RestCacheSettings;
import io.restcache.internal.policy.AccessConstraint;
import io.restcache.internal.policy.CachePolicy;
import io.restcache.internal.policy.MethodDescription;
import io.restcache.internal.policy.PolicyCompiler;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route part of a key, as the request reached the method. */
class KeyRequestsTest {

    @Cached
    @SuppressWarnings("unused")
    void cached() { }

    private final CachePolicy policy = new PolicyCompiler(RestCacheSettings.load(k -> Optional.empty())).compile(
            new MethodDescription("com.x.Posts", "list", Set.of("GET"), "/", Set.of(), List.of(), false, false,
                    AccessConstraint.NONE, Optional.of(cachedAnnotation()), Optional.empty(), Optional.empty(),
                    Optional.empty())).cache().orElseThrow();

    /** Regression: two locators reaching one sub-resource class with the same parameters shared a key. */
    @Test
    void route_subResourceRequests_keyOnThePathTheyTook() {
        String users = KeyRequests.route(policy, uri("users/42/posts", 2));
        String groups = KeyRequests.route(policy, uri("groups/42/posts", 2));
        assertNotEquals(users, groups);
        assertEquals(users, KeyRequests.route(policy, uri("users/42/posts/", 2)), "the indexed form of the path");
    }

    @Test
    void route_rootResourceRequests_keepThePolicyRoute() {
        assertEquals(policy.route(), KeyRequests.route(policy, uri("anything", 1)));
    }

    private static Cached cachedAnnotation() {
        try {
            return KeyRequestsTest.class.getDeclaredMethod("cached").getAnnotation(Cached.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /** A UriInfo answering only what {@code route} asks: the path and the matched resources. */
    private static UriInfo uri(String path, int matchedResources) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPath" -> path;
                    case "getMatchedResources" -> java.util.Collections.nCopies(matchedResources, new Object());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
