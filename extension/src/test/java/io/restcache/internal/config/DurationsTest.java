package io.restcache.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parse_shortForms() {
        assertEquals(Duration.ofMillis(250), Durations.parse("k", "250ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("k", "30s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("k", "5m"));
        assertEquals(Duration.ofHours(2), Durations.parse("k", "2h"));
        assertEquals(Duration.ofDays(1), Durations.parse("k", " 1d "));
        assertEquals(Duration.ofSeconds(30), Durations.parse("k", "PT30S"));
    }

    @Test
    void parse_garbage_failsNamingKeyAndValue() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> Durations.parse("restcache.default-ttl", "soon"));
        assertTrue(e.getMessage().contains("restcache.default-ttl"), e.getMessage());
        assertTrue(e.getMessage().contains("'soon'"), e.getMessage());
    }

    @Test
    void parsePositive_zeroOrNegative_fails() {
        assertThrows(InvalidConfigurationException.class, () -> Durations.parsePositive("k", "0s"));
        assertThrows(InvalidConfigurationException.class, () -> Durations.parsePositive("k", "-5s"));
        assertThrows(InvalidConfigurationException.class, () -> Durations.parsePositive("k", "PT-5S"));
    }
}
