package io.restcache.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MeterNameTest {

    @Test
    void familiesBecomeDottedNames_andTheirDetailATag() {
        assertEquals(new MeterName("restcache.hit", Map.of("source", "near")), MeterName.of("hit.near"));
        assertEquals(new MeterName("restcache.miss", Map.of()), MeterName.of("miss"));
        assertEquals(new MeterName("restcache.bypass", Map.of("reason", "redis-breaker-open")),
                MeterName.of("bypass.redis-breaker-open"));
        assertEquals(new MeterName("restcache.not.stored", Map.of("reason", "set-cookie")),
                MeterName.of("not-stored.set-cookie"));
        assertEquals(new MeterName("restcache.store", Map.of("outcome", "fenced")), MeterName.of("store.fenced"));
        assertEquals(new MeterName("restcache.invalidation", Map.of("outcome", "gave-up")),
                MeterName.of("invalidation.gave-up"));
        assertEquals(new MeterName("restcache.stale", Map.of("directive", "stale-if-error")),
                MeterName.of("stale.stale-if-error"));
    }

    @Test
    void anUnknownFamily_keepsItsDetailUnderKind() {
        assertEquals(new MeterName("restcache.new.family", Map.of("kind", "x.y")), MeterName.of("new-family.x.y"));
    }
}
