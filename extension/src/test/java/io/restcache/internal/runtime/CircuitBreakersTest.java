package io.restcache.internal.runtime;

import io.restcache.internal.store.redis.HashSlot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

    private final CircuitBreakers breakers = new CircuitBreakers(3, Duration.ofSeconds(5), Clock.systemUTC());

    @Test
    void hashSlots_areRedisClusters() {
        // values from CLUSTER KEYSLOT on Redis 7
        assertEquals(12182, HashSlot.of("foo"));
        assertEquals(11058, HashSlot.of("somekey"));
        assertEquals(5061, HashSlot.of("bar"));
        assertEquals(HashSlot.of("user1000"), HashSlot.of("x:{user1000}:y"), "the hash tag decides");
        assertEquals(HashSlot.of("{}x"), HashSlot.of("{}x"));
    }

    @Test
    void onOneRedis_everyKeyShareOneBreaker() {
        assertSame(breakers.forKey("a:{one}"), breakers.forKey("a:{two}"));
    }

    @Test
    void onACluster_oneFailingRange_leavesTheOthersClosed() {
        breakers.perSlotRange(true);
        String failing = "r:{foo}";
        String healthy = "r:{bar}";
        assertNotSame(breakers.forKey(failing), breakers.forKey(healthy));
        for (int i = 0; i < 3; i++) {
            breakers.forKey(failing).failure();
        }
        assertEquals(CircuitBreaker.State.OPEN, breakers.forKey(failing).state());
        assertEquals(CircuitBreaker.State.CLOSED, breakers.forKey(healthy).state());
        assertEquals(CircuitBreaker.State.OPEN, breakers.state(), "health reports the worst domain");
        assertEquals(1, breakers.notClosed());
    }

    @Test
    void onlyOpenDomains_areProbed_eachWithAKeyOfItsOwnSlotRange() {
        breakers.perSlotRange(true);
        assertEquals(0, breakers.toProbe().size());
        for (int i = 0; i < 3; i++) {
            breakers.forKey("r:{foo}").failure();
        }
        var open = breakers.toProbe();
        assertEquals(1, open.size());
        String probe = open.keySet().iterator().next();
        assertSame(breakers.forKey("r:{foo}"), breakers.forKey(probe), "the probe key lies in the open range");
        open.get(probe).success();
        assertEquals(CircuitBreaker.State.CLOSED, breakers.forKey("r:{foo}").state());
    }
}
