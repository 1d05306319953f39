package io.restcache.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityTagsTest {

    @Test
    void strongFor_is128BitsOfTheBodysSha256() {
        assertEquals("\"ungWv48Bz-pBQUDeXa4iIw\"", EntityTags.strongFor("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void strongFor_isQuotedAndDependsOnEveryByte() {
        String a = EntityTags.strongFor("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        String b = EntityTags.strongFor("{\"a\":2}".getBytes(StandardCharsets.UTF_8));
        assertTrue(a.matches("\"[A-Za-z0-9_-]{22}\""), a);
        assertNotEquals(a, b);
        assertEquals(a, EntityTags.strongFor("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void noneMatch_usesWeakComparison_listsAndSeveralLines() {
        assertTrue(EntityTags.noneMatchFails(List.of("\"x\""), "\"x\""));
        assertTrue(EntityTags.noneMatchFails(List.of("W/\"x\""), "\"x\""));
        assertTrue(EntityTags.noneMatchFails(List.of("\"x\""), "W/\"x\""));
        assertTrue(EntityTags.noneMatchFails(List.of("\"a\", \"b\",W/\"x\""), "\"x\""));
        assertTrue(EntityTags.noneMatchFails(List.of("\"a\"", "\"x\""), "\"x\""));
        assertTrue(EntityTags.noneMatchFails(List.of("*"), "\"x\""));
        assertFalse(EntityTags.noneMatchFails(List.of("\"xy\""), "\"x\""));
        assertFalse(EntityTags.noneMatchFails(List.of("x"), "\"x\""));
        assertFalse(EntityTags.noneMatchFails(List.of(""), "\"x\""));
        assertFalse(EntityTags.noneMatchFails(List.of(), "\"x\""));
    }

    @Test
    void parseList_keepsCommasInsideQuotes() {
        assertEquals(List.of("\"a,b\"", "W/\"c\""), EntityTags.parseList("\"a,b\" , W/\"c\""));
    }
}
