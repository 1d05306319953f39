package io.restcache.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTemplateTest {

    @Test
    void match_extractsDecodedParameters() {
        RouteTemplate t = RouteTemplate.of("/users/{id}/posts");
        assertEquals(Optional.of(Map.of("id", List.of("42"))), t.match("/users/42/posts"));
        assertEquals(Optional.of(Map.of("id", List.of("a b"))), t.match("/users/a%20b/posts"));
        assertTrue(t.match("/users/42").isEmpty());
        assertTrue(t.match("/users/4/2/posts").isEmpty());
    }

    @Test
    void match_honoursCustomRegexAndLiteralDots() {
        assertEquals(Optional.of(Map.of("path", List.of("a/b.txt"))), RouteTemplate.of("/files/{path: .+}").match("/files/a/b.txt"));
        assertTrue(RouteTemplate.of("/v1.0/items").match("/v1x0/items").isEmpty());
        assertTrue(RouteTemplate.of("/items/{id: \\d+}").match("/items/abc").isEmpty());
        assertTrue(RouteTemplate.of("/items/{id: [0-9]{2}}").match("/items/12").isPresent());
    }

    /**
     * Regression: a capturing group inside a custom regex shifted the numbering of the groups after it,
     * so {@code invalidateResource}/{@code invalidateVariant} computed the wrong parameters and dropped nothing.
     */
    @Test
    void match_customRegexWithCapturingGroups_keepsEveryParameterItsOwnValue() {
        RouteTemplate t = RouteTemplate.of("/items/{id: (a|b)(\\d+)}/parts/{part}");
        assertEquals(Optional.of(Map.of("id", List.of("a12"), "part", List.of("wheel"))), t.match("/items/a12/parts/wheel"));
        RouteTemplate named = RouteTemplate.of("/v/{version: (?<major>\\d+)\\.(\\d+)}/{name}");
        assertEquals(Optional.of(Map.of("version", List.of("2.7"), "name", List.of("x"))), named.match("/v/2.7/x"));
    }

    @Test
    void normalizePath_addsLeadingAndDropsTrailingSlash() {
        assertEquals("/users/42", RouteTemplate.normalizePath("users/42/"));
        assertEquals("/", RouteTemplate.normalizePath("/"));
        assertEquals("/a/b", RouteTemplate.normalizePath("//a//b"));
    }
}
