package io.restcache.internal.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EpochRegistryTest {

    /** Two copies of the registry merged: of one field's values, the one that supersedes more. */
    @Test
    void mergingCopies_keepsTheLaterEpoch_andAnythingNotWrittenByRestcache() {
        assertEquals("20:100", EpochRegistry.later("10:500", "20:100"), "the later sequence");
        assertEquals("20:500", EpochRegistry.later("20:500", "20:100"), "same sequence: the later end");
        assertEquals("20:500", EpochRegistry.later("20:100", "20:500"));
        assertEquals("garbage", EpochRegistry.later("20:100", "garbage"), "a foreign value supersedes everything");
        assertEquals("garbage", EpochRegistry.later("garbage", "20:100"));
    }
}
