package io.restcache.samples.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SampleOptionsTest {

    private static final List<String> PROPERTIES =
            List.of("sample.nodes", "sample.db.url", "sample.demo", "sample.loadCheck", "sample.port");

    @AfterEach
    void clear() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void fromSystemProperties_nothingSet_isOneNodeOnItsOwnDatabaseWithNothingToRun() {
        SampleOptions options = SampleOptions.fromSystemProperties();

        assertEquals(1, options.nodes());
        assertEquals(Optional.empty(), options.databaseUrl());
        assertFalse(options.demo());
        assertEquals(0, options.loadCheckSeconds());
    }

    @Test
    void fromSystemProperties_fleetDemoAndLoadCheck_areRead() {
        System.setProperty("sample.nodes", "3");
        System.setProperty("sample.db.url", " jdbc:postgresql://127.0.0.1:5432/content?user=postgres ");
        System.setProperty("sample.demo", "true");
        System.setProperty("sample.loadCheck", "30");

        SampleOptions options = SampleOptions.fromSystemProperties();

        assertEquals(3, options.nodes());
        assertEquals(Optional.of("jdbc:postgresql://127.0.0.1:5432/content?user=postgres"), options.databaseUrl());
        assertTrue(options.demo());
        assertEquals(30, options.loadCheckSeconds());
    }

    @Test
    void fromSystemProperties_nodesNotANumberOrOutOfRange_failsNamingPropertyAndValue() {
        System.setProperty("sample.nodes", "three");
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class, SampleOptions::fromSystemProperties);
        assertEquals("sample.nodes must be an integer from 1 to 9, was 'three'", word.getMessage());

        System.setProperty("sample.nodes", "0");
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, SampleOptions::fromSystemProperties);
        assertEquals("sample.nodes must be an integer from 1 to 9, was '0'", zero.getMessage());
    }

    @Test
    void fromSystemProperties_demoNeitherTrueNorFalse_failsNamingPropertyAndValue() {
        System.setProperty("sample.demo", "yes");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, SampleOptions::fromSystemProperties);

        assertEquals("sample.demo must be true or false, was 'yes'", e.getMessage());
    }

    @Test
    void basePort_notAPort_failsNamingPropertyAndValue() {
        System.setProperty("sample.port", "80800");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ServerLauncher::basePort);

        assertEquals("sample.port (or PORT) must be a port from 1 to 65526, was '80800'", e.getMessage());
    }

    @Test
    void basePort_given_isNodeOnesPort() {
        System.setProperty("sample.port", "18080");

        assertEquals(18080, ServerLauncher.basePort());
    }
}
